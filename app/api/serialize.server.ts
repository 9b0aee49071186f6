import type { z } from "zod";
import type { Adoption as AdoptionT, CaseDetail, CaseSummary as CaseSummaryT } from "../cases/types";
import type { PostView, ThreadListItem, ThreadView, TagSummary } from "../forum/types";
import type { OrganisationSummary } from "../orgs/types";
import type { HitView } from "../search/search.server";
import type * as S from "./schemas";

// Domain types → the API's documented shapes. Only what the pages show the same reader; never
// `can`, Markdown sources, email addresses or internal ids of people.

type Out<T extends z.ZodTypeAny> = z.infer<T>;

export const threadPath = (id: string, slug: string) => `/t/${id}-${slug}`;
export const casePath = (id: string, slug: string) => `/cases/${id}-${slug}`;
const tag = (t: { slug: string; nameSv: string; nameEn: string }) => ({ slug: t.slug, nameSv: t.nameSv, nameEn: t.nameEn });
const person = (p: { handle: string; name: string }) => ({ handle: p.handle, name: p.name });

export function threadSummary(t: ThreadListItem): Out<typeof S.ThreadSummary> {
  return {
    id: t.id, slug: t.slug, kind: t.kind, title: t.title, path: threadPath(t.id, t.slug), org: t.org, visibility: t.visibility,
    author: person(t.author), replyCount: t.replyCount, solved: t.solved, hidden: t.hidden, createdAt: t.createdAt,
    lastActivityAt: t.lastActivityAt, tags: t.tags.map(tag),
  };
}

export function thread(t: ThreadView, acceptedPostId: string | null, visibleReplies: number): Out<typeof S.Thread> {
  return {
    id: t.id, slug: t.slug, kind: t.kind, title: t.title, path: threadPath(t.id, t.slug), org: t.access.org, visibility: t.access.visibility,
    author: person(t.author), replyCount: visibleReplies, solved: acceptedPostId !== null, hidden: t.hidden, createdAt: t.createdAt,
    lastActivityAt: t.lastActivityAt, tags: t.tags.map(tag), bodyHtml: t.bodyHtml, updatedAt: t.updatedAt, sharedWith: t.access.sharedWith,
    locked: t.locked, pinned: t.pinned, removed: t.removed, outdatedNote: t.outdatedNote, bestPractice: t.bestPractice, acceptedPostId,
  };
}

export function post(threadId: string, p: PostView): Out<typeof S.Post> {
  return {
    id: p.id, threadId, number: p.number, author: person(p.author), bodyHtml: p.bodyHtml, votes: p.votes, createdAt: p.createdAt,
    updatedAt: p.updatedAt, removed: p.removed, hidden: p.hidden, accepted: p.accepted,
  };
}

export function caseSummary(c: CaseSummaryT): Out<typeof S.CaseSummary> {
  return {
    id: c.id, slug: c.slug, title: c.title, summary: c.summary, path: casePath(c.id, c.slug), org: c.org, visibility: c.visibility,
    sharedOrgIds: c.sharedOrgIds, state: c.state, area: c.area, techniques: c.techniques, status: c.status, evaluated: c.evaluated,
    aiActRisk: c.aiActRisk, lastUpdated: c.lastUpdated, reviewBy: c.reviewBy, adoptionCount: c.adoptionCount, needsReview: c.needsReview, hidden: c.hidden,
  };
}

export function caseDetail(c: CaseDetail): Out<typeof S.Case> {
  return {
    ...caseSummary(c),
    language: c.language, department: c.department, partners: c.partners, sharedOrgs: c.sharedOrgs, suppliers: c.suppliers, tool: c.tool,
    startDate: c.startDate, problem: c.problem, approach: c.approach, outcomes: c.outcomes, figures: c.figures, evaluationMethod: c.evaluationMethod,
    lessons: c.lessons, personalData: c.personalData, dpiaDone: c.dpiaDone, infoClassification: c.infoClassification, humanOversight: c.humanOversight,
    dataUsed: c.dataUsed, reuseNeeds: c.reuseNeeds, contact: c.contact ? person(c.contact) : null, functionalMailbox: c.functionalMailbox,
    tags: c.tags.map((t) => ({ id: t.id, slug: t.slug, nameSv: t.nameSv, nameEn: t.nameEn })), links: c.links,
    discussionThreadId: c.discussionThreadId, createdAt: c.createdAt, updatedAt: c.updatedAt, publishedAt: c.publishedAt, outdatedNote: c.outdatedNote,
  };
}

export function adoption(a: AdoptionT): Out<typeof S.Adoption> {
  return { id: a.id, caseId: a.caseId, org: a.org, status: a.status, adoptedOn: a.adoptedOn, note: a.note, derivedCase: a.derivedCase };
}

export function tagOut(t: TagSummary): Out<typeof S.Tag> {
  return { slug: t.slug, nameSv: t.nameSv, nameEn: t.nameEn, area: t.area, description: t.description, synonyms: t.synonyms, threadCount: t.threadCount };
}

export function organisation(o: OrganisationSummary): Out<typeof S.Organisation> {
  return { id: o.id, slug: o.slug, name: o.name, kind: o.kind, description: o.description, memberCount: o.memberCount };
}

export function searchHit(h: HitView): Out<typeof S.SearchHit> {
  return {
    type: h.type, id: h.id, kind: h.kind, parentId: h.parentId, title: h.title, titleHtml: h.titleHtml, snippetHtml: h.snippetHtml, path: h.path,
    org: h.org, tags: h.tagLabels, author: h.author ? person(h.author) : null, visibility: h.visibility, status: h.status, solved: h.solved,
    accepted: h.accepted, replyCount: h.replyCount, createdAt: h.createdAt, updatedAt: h.updatedAt,
  };
}
