import { AttachFailed, attachErrorKey, attachOrThrow, reviseAttachments, type AttachInput } from "../attachments/attachments.server";
import type { DomainCtx } from "../lib/ctx.server";
import type { FieldErrors } from "../lib/forms.server";
import { once } from "../lib/idempotency.server";
import { writeTransaction } from "../lib/transaction.server";
import { canEditCase, canModerate, canPublishCase, canReadCase, canWriteCasesFor, type Viewer } from "../policy";
import { recordSearchChange } from "../../search/outbox";
import { caseSaveEvent, recordEvent } from "../events/events.server";
import * as repo from "./cases.repo.server";
import { todayIn } from "./dates";
import { scopeOf, toDetail, toFormValues } from "./mappers";
import { ensureDiscussion } from "./discussion.server";
import { figures, links, type CaseForm } from "./schemas";
import type { CaseDetail, OrgRef } from "./types";
import { mergeErrors, publishErrors, slugify } from "./validation";

// Case studies: drafts, publishing, revisions. Every write asks the policy first, keeps a
// revision and adds a search-outbox row in the same transaction.

export type SaveResult = { ok: true; id: string; slug: string; state: "draft" | "published" } | { ok: false; errors: FieldErrors };

export { scopeOf };

/** Anyone: one case if the viewer may read it (drafts and hidden cases: editors only), else null. */
export async function getCase(ctx: DomainCtx, id: string): Promise<CaseDetail | null> {
  const row = await repo.findCaseRow(ctx.db, id);
  if (!row || !canReadCase(ctx.viewer, scopeOf(row))) return null;
  const [kids, shared, contact] = await Promise.all([
    repo.childrenOf(ctx.db, [row.id]),
    repo.organisationsByIds(ctx.db, row.shared_org_ids.map(String)),
    row.contact_user_id ? repo.findUser(ctx.db, row.contact_user_id) : Promise.resolve(undefined),
  ]);
  return toDetail(row, todayIn(ctx.now), kids, { sharedOrgs: shared, contact: contact ?? null });
}

/** Editors only: the case with the form's values for its edit page; null when not allowed. */
export async function getCaseForEdit(ctx: DomainCtx, id: string) {
  const row = await repo.findCaseRow(ctx.db, id);
  if (!row || !canEditCase(ctx.viewer, scopeOf(row))) return null;
  const detail = await getCase(ctx, id);
  if (!detail) return null;
  return { detail, values: toFormValues(detail, detail.contact?.email ?? "") };
}

/**
 * Signed-in viewer: what the case form offers (owning organisations they may write for, or only
 * the case's own when editing, since the owner never changes; all organisations; tags).
 */
export async function caseFormOptions(ctx: DomainCtx, currentOrgId?: string) {
  const [orgs, tags] = await Promise.all([repo.allOrganisations(ctx.db), repo.allTags(ctx.db)]);
  const byName = (a: OrgRef, b: OrgRef) => a.name.localeCompare(b.name, "sv");
  const organisations = orgs.sort(byName);
  const writable = organisations.filter((o) => (currentOrgId ? o.id === currentOrgId : canWriteCasesFor(ctx.viewer, o.id)));
  return { organisations, writable, tags: tags.map((t) => ({ id: t.id, slug: t.slug, nameSv: t.name_sv, nameEn: t.name_en, area: t.area })) };
}

/** Checks the references a form names: organisations, tags, the contact person. */
async function referenceErrors(ctx: DomainCtx, v: CaseForm): Promise<{ errors: FieldErrors; contactId: string | null }> {
  const errors: FieldErrors = {};
  const add = (f: string, key: string) => (errors[f] ??= []).push({ key });
  const wanted = [...new Set([...v.partner_org_ids, ...v.shared_org_ids])];
  const found = new Set((await repo.organisationsByIds(ctx.db, wanted)).map((o) => o.id));
  if (v.partner_org_ids.some((id) => !found.has(id))) add("partner_org_ids", "cases:errors.unknownOrg");
  if (v.shared_org_ids.some((id) => !found.has(id))) add("shared_org_ids", "cases:errors.unknownOrg");
  const tags = new Set(await repo.existingTagIds(ctx.db, v.tag_ids));
  if (v.tag_ids.some((id) => !tags.has(id))) add("tag_ids", "cases:errors.unknownTag");
  let contactId: string | null = null;
  if (v.contact_email) {
    const member = await repo.findMemberByEmail(ctx.db, v.contact_email);
    if (member) contactId = member.id;
    else add("contact_email", "cases:errors.contactNotMember");
  }
  return { errors, contactId };
}

function columnsOf(v: CaseForm, contactId: string | null, today: string): Omit<repo.NewCase, "created_by"> {
  return {
    org_id: v.org_id,
    visibility: v.visibility === "shared" ? "organisation" : v.visibility,
    shared_org_ids: v.visibility === "shared" ? [...new Set(v.shared_org_ids)].filter((o) => o !== v.org_id) : [],
    language: v.language, title: v.title, slug: slugify(v.title), summary: v.summary, department: v.department,
    suppliers: v.suppliers, area: v.area ?? null, techniques: [...new Set(v.techniques)], tool: v.tool,
    status: v.status ?? null, start_date: v.start_date ?? null, last_updated: v.last_updated ?? today,
    review_by: v.review_by ?? null, problem: v.problem, approach: v.approach, outcomes: v.outcomes,
    evaluated: v.evaluated ?? null, evaluation_method: v.evaluation_method, lessons: v.lessons,
    personal_data: v.personal_data ? v.personal_data === "yes" : null,
    dpia_done: v.dpia_done ? v.dpia_done === "yes" : null,
    ai_act_risk: v.ai_act_risk ?? null, info_classification: v.info_classification,
    human_oversight: v.human_oversight, data_used: v.data_used, reuse_needs: v.reuse_needs,
    contact_user_id: contactId, functional_mailbox: v.functional_mailbox ?? "",
  };
}

const childrenOfForm = (v: CaseForm) => ({
  partners: [...new Set(v.partner_org_ids)],
  figures: figures(v).filter((f) => f.label).map((f) => ({ ...f, value: f.value.replace(/\s/g, "").replace(",", ".") })),
  links: links(v).filter((l) => l.url).map((l) => ({ label: l.label || l.url, url: l.url })),
  tagIds: [...new Set(v.tag_ids)],
});

/**
 * Ambassador+ of the owning organisation (or a moderator in scope, for existing cases): saves a
 * draft, or publishes when `intent` is "publish". A published case stays published and must keep
 * passing the publishing rules. Keeps a revision. Unknown or unreadable case → null.
 */
export async function saveCase(ctx: DomainCtx, v: CaseForm, caseId?: string, opts: { sourceThreadId?: string; submission?: string | null; attachments?: AttachInput & { keep?: string[] } } = {}): Promise<SaveResult | null> {
  const viewer = ctx.viewer;
  if (!viewer) return null;
  const existing = caseId ? await repo.findCaseRow(ctx.db, caseId) : undefined;
  if (caseId && (!existing || !canEditCase(viewer, scopeOf(existing)))) return null;
  const today = todayIn(ctx.now);
  const orgErrors: FieldErrors = {};
  // The owning organisation is fixed once a case exists (nobody moves a case between
  // organisations through the editor); a new case is owned by one the author writes for.
  if (existing && String(existing.org_id) !== v.org_id) orgErrors.org_id = [{ key: "cases:errors.orgFixed" }];
  else if (!existing && !canWriteCasesFor(viewer, v.org_id)) orgErrors.org_id = [{ key: "cases:errors.orgNotAllowed" }];
  const publishing = v.intent === "publish" || existing?.state === "published";
  if (existing?.state === "draft" && publishing && !canPublishCase(viewer, scopeOf(existing))) orgErrors._form = [{ key: "cases:errors.publishOwnOrg" }];
  const refs = await referenceErrors(ctx, v);
  const errors = mergeErrors(orgErrors, refs.errors, publishing ? publishErrors(v, today) : {});
  if (Object.keys(errors).length) return { ok: false, errors };

  const columns = columnsOf(v, refs.contactId, today);
  const kids = childrenOfForm(v);
  const state = publishing ? "published" : "draft";
  // A resent "new case" form (same token, same content) answers the first case instead of a second.
  const guard = { actor: viewer.id, form: "case", token: existing ? null : opts.submission, payload: { v, sourceThreadId: opts.sourceThreadId ?? null, attachments: opts.attachments?.publicIds ?? [] } };
  let wrote = false;
  // Another writer on the same tags, search queue or discussion thread can meet this one: a
  // deadlock PostgreSQL breaks is run again (writeTransaction), not answered with a 500.
  const id = await writeTransaction(ctx.db, (trx) => once(trx, guard, async () => {
    wrote = true;
    let id: string;
    if (existing) {
      id = existing.id;
      await repo.updateCase(trx, id, {
        ...columns, state, updated_at: ctx.now,
        published_at: existing.published_at ?? (publishing ? ctx.now : null),
      });
    } else {
      id = await repo.insertCase(trx, {
        ...columns, state, created_by: viewer.id, created_at: ctx.now, updated_at: ctx.now,
        published_at: publishing ? ctx.now : null, source_thread_id: opts.sourceThreadId ?? null,
      });
    }
    await repo.replaceChildren(trx, id, kids);
    // The discussion thread has the case's audience: when that changes, so does the thread's
    // (in the same transaction, with its search documents and its replies').
    // Compared with the thread as it is now (locked), not with the case as this editor loaded it:
    // a concurrent edit or an older mismatch is mended by the next save.
    const audience = { org_id: columns.org_id, visibility: columns.visibility, shared_org_ids: columns.shared_org_ids ?? [] };
    const discussion = existing?.discussion_thread_id ? await repo.discussionAudienceForUpdate(trx, existing.discussion_thread_id) : null;
    if (discussion && audienceChanged(discussion, audience)) {
      await repo.setDiscussionAudience(trx, discussion.id, audience);
      await recordSearchChange(trx, "thread", discussion.id, "upsert");
    }
    const action = !existing ? (publishing ? "create_published" : "create") : existing.state === "draft" && publishing ? "publish" : "edit";
    const revisionId = await repo.insertRevision(trx, { caseId: id, editorId: viewer.id, action, snapshot: { ...columns, state, ...kids }, at: ctx.now });
    // An edit from the edit form says which files stay (unticked ones are detached and stay in
    // this revision's history); other writes only add.
    if (existing && opts.attachments?.keep) {
      const r = await reviseAttachments(trx, viewer, { type: "case", id }, { keep: opts.attachments.keep, add: opts.attachments, titles: opts.attachments.titles }, { table: "case_revisions", id: revisionId });
      if (!r.ok) throw new AttachFailed(r.code);
    } else await attachOrThrow(trx, viewer, { type: "case", id }, opts.attachments);
    await recordSearchChange(trx, "case", id, "upsert");
    const event = caseSaveEvent(viewer.id, id, existing, columns, state);
    if (event) await recordEvent(trx, event);
    return id;
  })).catch((e: unknown) => {
    if (e instanceof AttachFailed) return e;
    throw e;
  });
  if (id instanceof AttachFailed) return { ok: false, errors: { files: [{ key: attachErrorKey(id) }] } };
  // The discussion thread is the forum's; it is opened once the case is published (by the write
  // that published it, not by a resend answered with its result).
  if (wrote && publishing && !existing?.discussion_thread_id) await ensureDiscussion(ctx, id);
  return { ok: true, id, slug: columns.slug ?? "", state };
}

function audienceChanged(
  before: { org_id: string; visibility: string; shared_org_ids: string[] },
  after: { org_id: string; visibility: string; shared_org_ids: string[] },
) {
  const set = (ids: string[]) => [...ids].map(String).sort().join(",");
  return String(before.org_id) !== String(after.org_id) || before.visibility !== after.visibility || set(before.shared_org_ids) !== set(after.shared_org_ids);
}

/** Editors: soft-deletes a case (kept for moderators and public-records requests). */
export async function deleteCase(ctx: DomainCtx, id: string): Promise<boolean> {
  const row = await repo.findCaseRow(ctx.db, id);
  if (!row || !canEditCase(ctx.viewer, scopeOf(row))) return false;
  await ctx.db.transaction().execute(async (trx) => {
    await repo.softDeleteCase(trx, id, ctx.now);
    await repo.insertRevision(trx, { caseId: id, editorId: ctx.viewer!.id, action: "delete", snapshot: {}, at: ctx.now });
    await recordSearchChange(trx, "case", id, "delete");
  });
  return true;
}

/** Editors: the case's revisions, newest first; null when not allowed. */
export async function caseRevisions(ctx: DomainCtx, id: string) {
  const row = await repo.findCaseRow(ctx.db, id);
  if (!row || !canEditCase(ctx.viewer, scopeOf(row))) return null;
  const rows = await repo.revisionsOf(ctx.db, id);
  return rows.map((r) => ({ id: r.id, action: r.action, editorName: r.editor_name, createdAt: r.created_at.toISOString(), snapshot: r.snapshot }));
}

/** For the case page (cosmetic; the domain checks again on every write): what may this viewer do? */
export function viewerMay(viewer: Viewer | null, c: CaseDetail) {
  const scope = { orgId: c.org.id, visibility: c.visibility, sharedOrgIds: c.sharedOrgIds, state: c.state, hiddenAt: c.hidden ? "hidden" : null, deletedAt: null };
  return { edit: canEditCase(viewer, scope), moderate: canModerate(viewer, scope) };
}

export type { Viewer };
