import { listAdoptions, recordAdoption } from "../cases/adoptions.server";
import { getCase, saveCase } from "../cases/cases.server";
import { listCasesAfter } from "../cases/listing.server";
import { caseFormSchema, parseListQuery } from "../cases/schemas";
import { getThreadPage } from "../forum/page.server";
import { reply } from "../forum/posts.server";
import { listTagsByArea } from "../forum/tags.server";
import { createThread, listThreads } from "../forum/threads.server";
import type { FieldErrors } from "../lib/forms.server";
import { getPersonProfile } from "../orgs/people.server";
import { listOrganisations } from "../orgs/orgs.server";
import { searchParamsSchema } from "../search/schemas";
import { searchForViewer } from "../search/search.server";
import { zodProblem, type ApiCall, type ApiResult } from "./handler.server";
import { decodeCursor, encodeCursor, isNumber, isString, pageOf } from "./pagination.server";
import { problem, validationProblem } from "./problem.server";
import * as S from "./schemas";
import * as out from "./serialize.server";

// One function per API operation: parse, call the domain function the page calls (so the read
// rule and the write policy are the pages' own), shape the answer. Routes only pick one.

const ID = /^\d{1,18}$/;
const notFound = (c: ApiCall) => problem(c.locale, "not-found");
const badCursor = (c: ApiCall) => problem(c.locale, "bad-request", { detailKey: "api:problem.param.cursor" });
const query = (c: ApiCall) => Object.fromEntries([...c.url.searchParams].filter(([k]) => k !== "limit" && k !== "cursor"));
// Errors the domain reports for a thread the viewer may not read: answered as "not found".
const MISSING_KEYS = new Set(["forum:errors.threadMissing"]);
const isMissing = (errors: FieldErrors) => Object.values(errors).flat().some((e) => MISSING_KEYS.has(e.key));

export async function listThreadsOp(c: ApiCall): Promise<ApiResult> {
  const q = S.ThreadListQuery.strict().safeParse(query(c));
  if (!q.success) return zodProblem(c.locale, q.error);
  const key = decodeCursor(c.page.cursor, (v): v is string => isString(v) && /^\d{1,15}-\d{1,18}$/.test(v));
  if (key === null) return badCursor(c);
  const page = await listThreads(c.ctx, { tags: q.data.tag ? [q.data.tag] : undefined, orgId: q.data.org, kind: q.data.kind, status: q.data.status }, key, c.page.limit);
  return { data: { items: page.items.map(out.threadSummary), next: page.next ? encodeCursor(page.next) : null } };
}

export async function getThreadOp(c: ApiCall, id: string): Promise<ApiResult> {
  const page = ID.test(id) ? await getThreadPage(c.ctx, id) : null;
  if (!page) return notFound(c);
  const visible = page.posts.length + (page.accepted ? 1 : 0);
  return { data: out.thread(page.thread, page.accepted?.id ?? null, visible) };
}

export async function listPostsOp(c: ApiCall, id: string): Promise<ApiResult> {
  const page = ID.test(id) ? await getThreadPage(c.ctx, id) : null;
  if (!page) return notFound(c);
  const after = decodeCursor(c.page.cursor, isNumber);
  if (after === null) return badCursor(c);
  const all = [...(page.accepted ? [page.accepted] : []), ...page.posts];
  const p = pageOf(all, (x) => x.number, c.page.limit, after);
  return { data: { items: p.items.map((x) => out.post(id, x)), next: p.next } };
}

export async function createThreadOp(c: ApiCall): Promise<ApiResult> {
  const b = S.CreateThreadBody.safeParse(c.body);
  if (!b.success) return zodProblem(c.locale, b.error);
  const { confirmMentions, ...input } = b.data;
  const r = await createThread(c.ctx, input, { submission: c.idempotencyKey, confirmMentions });
  if (!r.ok) return validationProblem(c.locale, r.errors);
  return { status: 201, data: { id: r.id, path: out.threadPath(r.id, r.slug) }, headers: { Location: `/api/v1/threads/${r.id}` } };
}

export async function replyOp(c: ApiCall, threadId: string): Promise<ApiResult> {
  if (!ID.test(threadId)) return notFound(c);
  const b = S.ReplyBody.safeParse(c.body);
  if (!b.success) return zodProblem(c.locale, b.error);
  const r = await reply(c.ctx, threadId, { body: b.data.body }, { submission: c.idempotencyKey, confirmMentions: b.data.confirmMentions });
  if (!r.ok) return isMissing(r.errors) ? notFound(c) : validationProblem(c.locale, r.errors);
  return { status: 201, data: { id: r.id, path: `/t/${threadId}#post-${r.number}` }, headers: { Location: `/api/v1/threads/${threadId}/posts` } };
}

export async function listCasesOp(c: ApiCall): Promise<ApiResult> {
  const q = S.CaseListQuery.strict().safeParse(query(c));
  if (!q.success) return zodProblem(c.locale, q.error);
  const before = decodeCursor(c.page.cursor, (v): v is string => isString(v) && ID.test(v));
  if (before === null) return badCursor(c);
  const filters = parseListQuery(c.url.searchParams);
  const r = await listCasesAfter(c.ctx, filters, before, c.page.limit);
  const last = r.cases.at(-1);
  return { data: { items: r.cases.map(out.caseSummary), next: r.more && last ? encodeCursor(last.id) : null } };
}

export async function getCaseOp(c: ApiCall, id: string): Promise<ApiResult> {
  const k = ID.test(id) ? await getCase(c.ctx, id) : null;
  return k ? { data: out.caseDetail(k) } : notFound(c);
}

// API field names ↔ the case form's (the domain validates the form's shape).
const CASE_FIELDS: Record<string, string> = {
  org_id: "orgId", shared_org_ids: "sharedOrgIds", partner_org_ids: "partnerOrgIds", start_date: "startDate", last_updated: "lastUpdated",
  review_by: "reviewBy", evaluation_method: "evaluationMethod", personal_data: "personalData", dpia_done: "dpiaDone", ai_act_risk: "aiActRisk",
  info_classification: "infoClassification", human_oversight: "humanOversight", data_used: "dataUsed", reuse_needs: "reuseNeeds",
  contact_email: "contactEmail", functional_mailbox: "functionalMailbox", tag_ids: "tagIds",
};
const renameCaseErrors = (errors: FieldErrors): FieldErrors =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [CASE_FIELDS[k] ?? k.replace(/^figure_(\d+)$/, "figures.$1").replace(/^link_(\d+)$/, "links.$1"), v]));

export async function createCaseOp(c: ApiCall): Promise<ApiResult> {
  const b = S.CreateCaseBody.safeParse(c.body);
  if (!b.success) return zodProblem(c.locale, b.error);
  const d = b.data;
  const yesNo = (v: boolean | undefined) => (v === undefined ? undefined : v ? "yes" : "no");
  const form = caseFormSchema.safeParse({
    intent: d.publish ? "publish" : "save", org_id: d.orgId, visibility: d.visibility, shared_org_ids: d.sharedOrgIds, language: d.language,
    title: d.title, summary: d.summary, department: d.department, partner_org_ids: d.partnerOrgIds, suppliers: d.suppliers, area: d.area,
    techniques: d.techniques, tool: d.tool, status: d.status, start_date: d.startDate, last_updated: d.lastUpdated, review_by: d.reviewBy,
    problem: d.problem, approach: d.approach, outcomes: d.outcomes,
    figure_label: d.figures?.map((f) => f.label), figure_value: d.figures?.map((f) => f.value), figure_unit: d.figures?.map((f) => f.unit),
    evaluated: d.evaluated, evaluation_method: d.evaluationMethod, lessons: d.lessons, personal_data: yesNo(d.personalData), dpia_done: yesNo(d.dpiaDone),
    ai_act_risk: d.aiActRisk, info_classification: d.infoClassification, human_oversight: d.humanOversight, data_used: d.dataUsed,
    reuse_needs: d.reuseNeeds, contact_email: d.contactEmail, functional_mailbox: d.functionalMailbox, tag_ids: d.tagIds,
    link_label: d.links?.map((l) => l.label), link_url: d.links?.map((l) => l.url),
  });
  if (!form.success) {
    const errors: FieldErrors = {};
    for (const i of form.error.issues) {
      const key = /^[a-z]+[:.][\w.:]+$/i.test(i.message) ? i.message : i.code === "too_big" ? "form.tooLong" : i.code === "too_small" ? "form.required" : "form.invalid";
      (errors[String(i.path[0] ?? "_form")] ??= []).push({ key, params: i.code === "too_big" ? { max: Number(i.maximum) } : undefined });
    }
    return validationProblem(c.locale, renameCaseErrors(errors));
  }
  const r = await saveCase(c.ctx, form.data, undefined, { submission: c.idempotencyKey });
  if (!r) return validationProblem(c.locale, { orgId: [{ key: "cases:errors.orgNotAllowed" }] });
  if (!r.ok) return validationProblem(c.locale, renameCaseErrors(r.errors));
  return { status: 201, data: { id: r.id, path: out.casePath(r.id, r.slug) }, headers: { Location: `/api/v1/cases/${r.id}` } };
}

export async function listAdoptionsOp(c: ApiCall, caseId: string): Promise<ApiResult> {
  const k = ID.test(caseId) ? await getCase(c.ctx, caseId) : null;
  if (!k) return notFound(c);
  const after = decodeCursor(c.page.cursor, (v): v is string => isString(v) && ID.test(v));
  if (after === null) return badCursor(c);
  const all = await listAdoptions(c.ctx, caseId);
  const p = pageOf(all, (a) => a.id.padStart(18, "0"), c.page.limit, after?.padStart(18, "0"));
  return { data: { items: p.items.map(out.adoption), next: p.next ? encodeCursor(p.items.at(-1)!.id) : null } };
}

export async function recordAdoptionOp(c: ApiCall, caseId: string): Promise<ApiResult> {
  if (!ID.test(caseId)) return notFound(c);
  const b = S.RecordAdoptionBody.safeParse(c.body);
  if (!b.success) return zodProblem(c.locale, b.error);
  const r = await recordAdoption(c.ctx, caseId, { org_id: b.data.orgId, status: b.data.status, adopted_on: b.data.adoptedOn, note: b.data.note ?? "", derived_case_id: b.data.derivedCaseId }, { submission: c.idempotencyKey });
  if (!r) return notFound(c);
  if (!r.ok) return validationProblem(c.locale, r.errors, { org_id: "orgId", adopted_on: "adoptedOn", derived_case_id: "derivedCaseId" });
  return { status: 201, data: { id: r.id, path: `/cases/${caseId}` }, headers: { Location: `/api/v1/cases/${caseId}/adoptions` } };
}

export async function listTagsOp(c: ApiCall): Promise<ApiResult> {
  const after = decodeCursor(c.page.cursor, isString);
  if (after === null) return badCursor(c);
  const all = (await listTagsByArea(c.ctx)).flatMap((g) => g.tags);
  const p = pageOf(all, (t) => t.slug, c.page.limit, after);
  return { data: { items: p.items.map(out.tagOut), next: p.next } };
}

export async function listOrganisationsOp(c: ApiCall): Promise<ApiResult> {
  const after = decodeCursor(c.page.cursor, isString);
  if (after === null) return badCursor(c);
  const p = pageOf(await listOrganisations(c.ctx), (o) => o.slug, c.page.limit, after);
  return { data: { items: p.items.map(out.organisation), next: p.next } };
}

export async function getPersonOp(c: ApiCall, handle: string): Promise<ApiResult> {
  if (!/^[\p{L}\p{N}._-]{1,60}$/u.test(handle)) return notFound(c);
  const p = await getPersonProfile(c.ctx, handle); // throws a 404 for those who may not see people
  return { data: { handle: p.handle, name: p.name, title: p.title, primaryOrg: p.primaryOrg, memberships: p.memberships } };
}

export async function searchOp(c: ApiCall): Promise<ApiResult> {
  const q = S.SearchQuery.strict().safeParse(query(c));
  if (!q.success) return zodProblem(c.locale, q.error);
  const pageNo = decodeCursor(c.page.cursor, (v): v is number => isNumber(v) && v >= 2 && v <= 50);
  if (pageNo === null) return badCursor(c);
  const params = searchParamsSchema.parse({ q: q.data.q, page: pageNo ?? 1 });
  const r = await searchForViewer(c.ctx, params, c.locale);
  // The engine ranks in pages of its own size (20 hits): the cursor names the next such page.
  const hits = r.hits;
  const next = r.pages > (pageNo ?? 1) ? encodeCursor((pageNo ?? 1) + 1) : null;
  return { data: { items: hits.map(out.searchHit), total: r.total, next, didYouMean: r.didYouMean } };
}
