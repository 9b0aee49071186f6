import type { DomainCtx } from "../lib/ctx.server";
import { canEditCase, canPromoteThread, caseAuthorOrgIds, canWriteCasesFor, promotionCheck, promotionOwnerOrg } from "../policy";
import { threadFacts } from "../forum/mappers";
import * as repo from "./cases.repo.server";
import { saveCase } from "./cases.server";
import { scopeOf } from "./mappers";
import { LIMITS } from "./constants";
import type { CaseForm } from "./schemas";

// Promote a solved question to a case draft: title, problem from the question, approach from
// the accepted answer, tags carried over, visibility kept, and linked both ways.

export type PromoteResult =
  | { ok: true; id: string; slug: string; existing: boolean }
  | { ok: false; reason: "notSolved" | "notAllowed" | "ownOrgOnly" }
  | null;

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * Ambassador+ of an organisation who may read the question: creates a draft case owned by the
 * question's organisation when they write for it, else by their own (primary first). A question
 * kept to its organisation (shared or not) only its own organisation's ambassadors may promote. If the question was already
 * promoted to a case they may edit, returns that case. Unreadable question → null.
 */
export async function promoteThread(ctx: DomainCtx, threadId: string): Promise<PromoteResult> {
  const viewer = ctx.viewer;
  if (!viewer || !/^\d{1,18}$/.test(threadId)) return null;
  const q = await repo.solvedQuestion(ctx.db, threadId);
  const scope = await repo.threadScope(ctx.db, threadId);
  const answer = q ? { authorId: q.answer_author_id, hiddenAt: q.answer_hidden_at, deletedAt: q.answer_deleted_at } : null;
  const check = promotionCheck(viewer, scope ? threadFacts(scope) : null, answer);
  if (check === "notFound" || !scope) return null;
  if (check === "notSolved" || !q) return { ok: false, reason: "notSolved" };

  const prior = (await repo.casesFromThread(ctx.db, threadId)).find((c) => canEditCase(viewer, scopeOf(c)));
  if (prior) return { ok: true, id: prior.id, slug: prior.slug, existing: true };

  const facts = { orgId: String(scope.org_id), visibility: scope.visibility, sharedOrgIds: scope.shared_org_ids.map(String), hiddenAt: scope.hidden_at, deletedAt: scope.deleted_at };
  if (!canPromoteThread(viewer, facts)) {
    const writes = caseAuthorOrgIds(viewer).length > 0;
    return { ok: false, reason: writes && facts.visibility === "organisation" ? "ownOrgOnly" : "notAllowed" };
  }
  const orgId = promotionOwnerOrg(viewer, String(q.org_id));
  // Re-checked against the policy, not only chosen by it: the owner is one the promoter writes for.
  if (!orgId || !canWriteCasesFor(viewer, orgId)) return { ok: false, reason: "notAllowed" };
  const sameOrg = orgId === q.org_id;
  const shared = q.shared_org_ids.map(String);
  const visibility: CaseForm["visibility"] =
    q.visibility !== "organisation" ? q.visibility : sameOrg && shared.length === 0 ? "organisation" : "shared";
  const form: CaseForm = {
    intent: "save", org_id: orgId, visibility,
    shared_org_ids: visibility === "shared" ? [...shared, ...(sameOrg ? [] : [q.org_id])] : [],
    language: viewer.locale ?? "sv", title: cut(q.title, LIMITS.title), summary: "", department: "",
    partner_org_ids: [], suppliers: "", techniques: [], tool: "",
    problem: cut(q.body_md, LIMITS.long), approach: cut(q.answer_md, LIMITS.long), outcomes: "",
    figure_label: [], figure_value: [], figure_unit: [], evaluation_method: "", lessons: "",
    info_classification: "", human_oversight: "", data_used: "", reuse_needs: "",
    contact_email: viewer.email.toLowerCase(), tag_ids: q.tagIds, link_label: [], link_url: [],
  };
  const saved = await saveCase(ctx, form, undefined, { sourceThreadId: threadId });
  if (!saved || !saved.ok) return { ok: false, reason: "notAllowed" };
  return { ok: true, id: saved.id, slug: saved.slug, existing: false };
}
