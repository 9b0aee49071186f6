import { extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { ADOPTION_STATUSES, AREAS, EVALUATED, LANGUAGES, RISKS, STATUSES, TECHNIQUES, VISIBILITY_CHOICES } from "../cases/constants";
import { TAG_AREAS } from "../forum/types";

// The API's shapes, in zod: request bodies are parsed with these (strict: an unknown field is
// refused, never silently dropped) and the OpenAPI 3.1 document is generated from them, so the
// document cannot drift from what the server checks. Responses are built by serialize.server.ts
// to these shapes; the contract test validates real responses against the generated document.
extendZodWithOpenApi(z);

const Id = z.string().regex(/^\d{1,18}$/).openapi({ example: "42" });
const Instant = z.string().datetime({ offset: true }).openapi({ example: "2026-12-02T09:30:00.000Z" });
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ example: "2026-11-30" });
const Visibility = z.enum(["organisation", "network", "public"]).openapi("Visibility");

export const OrgRef = z.object({ id: Id, slug: z.string(), name: z.string() }).openapi("OrgRef");
export const PersonRef = z.object({ handle: z.string(), name: z.string() }).openapi("PersonRef");
export const TagRef = z.object({ slug: z.string(), nameSv: z.string(), nameEn: z.string() }).openapi("TagRef");

const ThreadBase = {
  id: Id, slug: z.string(), kind: z.enum(["question", "discussion"]), title: z.string(),
  path: z.string().openapi({ description: "The thread's page on this site", example: "/t/42-ett-exempel" }),
  org: OrgRef, visibility: Visibility, author: PersonRef, replyCount: z.number().int().min(0),
  solved: z.boolean(), hidden: z.boolean(), createdAt: Instant, lastActivityAt: Instant, tags: z.array(TagRef),
};
export const ThreadSummary = z.object(ThreadBase).strict().openapi("ThreadSummary");
export const Thread = z
  .object({
    ...ThreadBase,
    bodyHtml: z.string().nullable().openapi({ description: "Sanitised HTML; null when the thread was removed and the reader may not see removed text" }),
    updatedAt: Instant, sharedWith: z.array(OrgRef), locked: z.boolean(), pinned: z.boolean(), removed: z.boolean(),
    outdatedNote: z.string().nullable(), bestPractice: z.object({ note: z.string(), markedAt: Instant }).nullable(),
    acceptedPostId: Id.nullable(),
  })
  .strict()
  .openapi("Thread");
export const Post = z
  .object({
    id: Id, threadId: Id, number: z.number().int(), author: PersonRef, bodyHtml: z.string().nullable(), votes: z.number().int(),
    createdAt: Instant, updatedAt: Instant, removed: z.boolean(), hidden: z.boolean(), accepted: z.boolean(),
  })
  .strict()
  .openapi("Post");

const CaseBase = {
  id: Id, slug: z.string(), title: z.string(), summary: z.string(),
  path: z.string().openapi({ example: "/cases/7-chattbot" }),
  org: OrgRef, visibility: Visibility, sharedOrgIds: z.array(Id), state: z.enum(["draft", "published"]),
  area: z.enum(AREAS).nullable(), techniques: z.array(z.enum(TECHNIQUES)), status: z.enum(STATUSES).nullable(),
  evaluated: z.enum(EVALUATED).nullable(), aiActRisk: z.enum(RISKS).nullable(), lastUpdated: Day.nullable(), reviewBy: Day.nullable(),
  adoptionCount: z.number().int().min(0), needsReview: z.boolean(), hidden: z.boolean(),
};
export const CaseSummary = z.object(CaseBase).strict().openapi("CaseSummary");
export const Case = z
  .object({
    ...CaseBase,
    language: z.enum(LANGUAGES), department: z.string(), partners: z.array(OrgRef), sharedOrgs: z.array(OrgRef),
    suppliers: z.string(), tool: z.string(), startDate: Day.nullable(), problem: z.string(), approach: z.string(), outcomes: z.string(),
    figures: z.array(z.object({ label: z.string(), value: z.string(), unit: z.string() })), evaluationMethod: z.string(), lessons: z.string(),
    personalData: z.boolean().nullable(), dpiaDone: z.boolean().nullable(), infoClassification: z.string(), humanOversight: z.string(),
    dataUsed: z.string(), reuseNeeds: z.string(), contact: PersonRef.nullable(), functionalMailbox: z.string(),
    tags: z.array(z.object({ id: Id, slug: z.string(), nameSv: z.string(), nameEn: z.string() })),
    links: z.array(z.object({ label: z.string(), url: z.string() })), discussionThreadId: Id.nullable(),
    createdAt: Instant, updatedAt: Instant, publishedAt: Instant.nullable(), outdatedNote: z.string().nullable(),
  })
  .strict()
  .openapi("Case");
export const Adoption = z
  .object({
    id: Id, caseId: Id, org: OrgRef, status: z.enum(ADOPTION_STATUSES), adoptedOn: Day, note: z.string(),
    derivedCase: z.object({ id: Id, slug: z.string(), title: z.string() }).nullable(),
  })
  .strict()
  .openapi("Adoption");
export const Tag = z
  .object({
    slug: z.string(), nameSv: z.string(), nameEn: z.string(), area: z.enum(TAG_AREAS as [string, ...string[]]), description: z.string(),
    synonyms: z.array(z.string()), threadCount: z.number().int().min(0),
  })
  .strict()
  .openapi("Tag");
export const Organisation = z
  .object({ id: Id, slug: z.string(), name: z.string(), kind: z.enum(["region", "municipality", "agency", "company", "research_institute"]), description: z.string(), memberCount: z.number().int().min(0) })
  .strict()
  .openapi("Organisation");
export const Person = z
  .object({
    handle: z.string(), name: z.string(), title: z.string(), primaryOrg: z.object({ slug: z.string(), name: z.string() }).nullable(),
    memberships: z.array(z.object({ slug: z.string(), name: z.string(), role: z.enum(["member", "ambassador", "moderator", "admin"]) })),
  })
  .strict()
  .openapi("Person", { description: "Public profile fields only (no email, no settings)." });
export const SearchHit = z
  .object({
    type: z.enum(["thread", "post", "case"]), id: Id, kind: z.string(), parentId: Id.nullable(), title: z.string(),
    titleHtml: z.string().openapi({ description: "Escaped text with <mark> around matches" }), snippetHtml: z.string(), path: z.string(),
    org: z.object({ slug: z.string(), name: z.string() }).nullable(), tags: z.array(z.object({ slug: z.string(), name: z.string() })),
    author: PersonRef.nullable(), visibility: Visibility, status: z.string().nullable(), solved: z.boolean().nullable(), accepted: z.boolean(),
    replyCount: z.number().int(), createdAt: Instant, updatedAt: Instant,
  })
  .strict()
  .openapi("SearchHit");

const pageOf = <T extends z.ZodTypeAny>(item: T, name: string) =>
  z.object({ items: z.array(item), next: z.string().nullable().openapi({ description: "Pass as ?cursor= for the next page; null on the last page" }) }).strict().openapi(name);
export const ThreadPage = pageOf(ThreadSummary, "ThreadPage");
export const PostPage = pageOf(Post, "PostPage");
export const CasePage = pageOf(CaseSummary, "CasePage");
export const AdoptionPage = pageOf(Adoption, "AdoptionPage");
export const TagPage = pageOf(Tag, "TagPage");
export const OrganisationPage = pageOf(Organisation, "OrganisationPage");
export const SearchPage = z
  .object({ items: z.array(SearchHit), total: z.number().int().min(0), next: z.string().nullable(), didYouMean: z.string().nullable() })
  .strict()
  .openapi("SearchPage");
export const Created = z.object({ id: Id, path: z.string() }).strict().openapi("Created");

export const Problem = z
  .object({
    type: z.string().openapi({ description: "A URI reference naming the kind of problem (described in the docs page)", example: "/api/v1/docs#problem-validation-failed" }),
    title: z.string(), status: z.number().int(), detail: z.string(),
    errors: z.array(z.object({ field: z.string(), code: z.string(), detail: z.string() })).optional(),
  })
  .openapi("Problem", { description: "RFC 9457 problem details, sent as application/problem+json" });

// ---- Request bodies (strict: unknown fields are refused with a 400 "unknown-field" problem) ----

export const CreateThreadBody = z
  .object({
    kind: z.enum(["question", "discussion"]).default("question"),
    title: z.string().openapi({ example: "Hur skriver ni promptar för e-tjänster?" }),
    body: z.string().openapi({ description: "Markdown" }),
    tags: z.array(z.string()).openapi({ description: "1–5 tag slugs, names or synonyms", example: ["chattbot"] }),
    orgId: Id.openapi({ description: "The owning organisation: one of the token owner's" }),
    audience: z.enum(["organisation", "chosen", "network", "public"]).default("network"),
    sharedOrgIds: z.array(Id).default([]),
    confirmMentions: z.boolean().default(false).openapi({ description: "Post even though mentioned people cannot read it (otherwise a 400 names them)" }),
  })
  .strict()
  .openapi("CreateThread");
export const ReplyBody = z.object({ body: z.string(), confirmMentions: z.boolean().default(false) }).strict().openapi("Reply");

const Text = z.string().optional();
export const CreateCaseBody = z
  .object({
    publish: z.boolean().default(false).openapi({ description: "Publish now (all required fields checked) or save a draft" }),
    orgId: Id, visibility: z.enum(VISIBILITY_CHOICES), sharedOrgIds: z.array(Id).optional(), language: z.enum(LANGUAGES).optional(),
    title: z.string(), summary: Text, department: Text, partnerOrgIds: z.array(Id).optional(), suppliers: Text,
    area: z.enum(AREAS).optional(), techniques: z.array(z.enum(TECHNIQUES)).optional(), tool: Text, status: z.enum(STATUSES).optional(),
    startDate: Day.optional(), lastUpdated: Day.optional(), reviewBy: Day.optional(), problem: Text, approach: Text, outcomes: Text,
    figures: z.array(z.object({ label: z.string(), value: z.string(), unit: z.string().default("") }).strict()).optional(),
    evaluated: z.enum(EVALUATED).optional(), evaluationMethod: Text, lessons: Text, personalData: z.boolean().optional(), dpiaDone: z.boolean().optional(),
    aiActRisk: z.enum(RISKS).optional(), infoClassification: Text, humanOversight: Text, dataUsed: Text, reuseNeeds: Text,
    contactEmail: Text, functionalMailbox: Text, tagIds: z.array(Id).optional(),
    links: z.array(z.object({ label: z.string(), url: z.string() }).strict()).optional(),
  })
  .strict()
  .openapi("CreateCase");
export const RecordAdoptionBody = z
  .object({ orgId: Id, status: z.enum(ADOPTION_STATUSES), adoptedOn: Day, note: z.string().optional(), derivedCaseId: Id.optional() })
  .strict()
  .openapi("RecordAdoption");

export const ThreadListQuery = z.object({
  tag: z.string().max(60).optional(), org: Id.optional(), kind: z.enum(["question", "discussion"]).optional(),
  status: z.enum(["unanswered", "solved"]).optional(),
});
export const CaseListQuery = z.object({ q: z.string().max(200).optional(), org: Id.optional(), area: z.enum(AREAS).optional(), status: z.enum(STATUSES).optional() });
export const SearchQuery = z.object({ q: z.string().max(500).openapi({ example: "chattbot" }) });
export const PageQuery = z.object({
  limit: z.string().regex(/^\d{1,3}$/).optional().openapi({ description: "1–100, default 25" }),
  cursor: z.string().optional().openapi({ description: "The `next` of the previous page" }),
});
