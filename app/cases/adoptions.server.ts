import type { DomainCtx } from "../lib/ctx.server";
import type { FieldErrors } from "../lib/forms.server";
import { once } from "../lib/idempotency.server";
import { adoptingOrgIds, canAdopt, canReadCase, canRemoveAdoption } from "../policy";
import { recordSearchChange } from "../../search/outbox";
import { recordEvent } from "../events/events.server";
import * as repo from "./cases.repo.server";
import { scopeOf } from "./mappers";
import { todayIn } from "./dates";
import { toAdoption } from "./mappers";
import { caseIdFromRef, type AdoptionForm } from "./schemas";
import type { Adoption, OrgRef } from "./types";

// "We have adopted this too" / "we are trying this": one row per (case, adopting organisation).

const derivedReadable = (ctx: DomainCtx, r: repo.AdoptionRow) =>
  r.derived_org_id !== null &&
  canReadCase(ctx.viewer, {
    orgId: r.derived_org_id, visibility: r.derived_visibility!, sharedOrgIds: (r.derived_shared_org_ids ?? []).map(String),
    state: r.derived_state!, hiddenAt: r.derived_hidden_at, deletedAt: r.derived_deleted_at,
  });

/** Anyone who may read the case: its adoptions (a derived case is linked only if readable too). */
export async function listAdoptions(ctx: DomainCtx, caseId: string): Promise<Adoption[]> {
  const c = await repo.findCaseRow(ctx.db, caseId);
  if (!c || !canReadCase(ctx.viewer, scopeOf(c))) return [];
  const rows = await repo.adoptionsOfCase(ctx.db, caseId);
  return rows.map((r) => toAdoption(r, derivedReadable(ctx, r)));
}

/** Anyone: what an organisation adopted, and what others adopted from it, among cases the viewer may read. */
export async function listOrgAdoptions(ctx: DomainCtx, orgId: string): Promise<{ adopted: Adoption[]; adoptedFromUs: Adoption[] }> {
  if (!/^\d{1,18}$/.test(orgId)) return { adopted: [], adoptedFromUs: [] };
  const [by, of] = await Promise.all([
    repo.adoptionsForOrg(ctx.db, ctx.viewer, orgId, "by"),
    repo.adoptionsForOrg(ctx.db, ctx.viewer, orgId, "of"),
  ]);
  return { adopted: by.map((r) => toAdoption(r, derivedReadable(ctx, r))), adoptedFromUs: of.map((r) => toAdoption(r, derivedReadable(ctx, r))) };
}

/** Which of the viewer's organisations may record an adoption of this case (empty: none). */
export async function adoptionChoices(ctx: DomainCtx, caseId: string): Promise<OrgRef[]> {
  const c = await repo.findCaseRow(ctx.db, caseId);
  const ids = c ? adoptingOrgIds(ctx.viewer, scopeOf(c)) : [];
  return (await repo.organisationsByIds(ctx.db, ids)).sort((a, b) => a.name.localeCompare(b.name, "sv"));
}

export type AdoptResult = { ok: true; id: string } | { ok: false; errors: FieldErrors } | null;

/**
 * A member of another organisation than the owner's: records (or updates) their organisation's
 * adoption of a published case they may read. The derived case must be their organisation's.
 * Unknown or unreadable case → null.
 */
export async function recordAdoption(ctx: DomainCtx, caseId: string, input: AdoptionForm, opts: { submission?: string | null } = {}): Promise<AdoptResult> {
  const viewer = ctx.viewer;
  const c = await repo.findCaseRow(ctx.db, caseId);
  if (!viewer || !c || !canReadCase(viewer, scopeOf(c))) return null;
  const errors: FieldErrors = {};
  if (!canAdopt(viewer, scopeOf(c), input.org_id)) errors.org_id = [{ key: "cases:errors.adoptOrg" }];
  if (input.adopted_on > todayIn(ctx.now)) errors.adopted_on = [{ key: "cases:errors.adoptedInFuture" }];
  let derivedCaseId: string | null = null;
  if (input.derived_case_id) {
    derivedCaseId = caseIdFromRef(input.derived_case_id);
    const d = derivedCaseId ? await repo.findCaseRow(ctx.db, derivedCaseId) : undefined;
    if (!d || d.org_id !== input.org_id || d.id === c.id || !canReadCase(viewer, scopeOf(d))) {
      errors.derived_case_id = [{ key: "cases:errors.derivedCase" }];
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  // One row per (case, organisation) already; the token keeps a resend from writing (and reindexing) again.
  const guard = { actor: viewer.id, form: "adoption", token: opts.submission, payload: { caseId, input } };
  const id = await ctx.db.transaction().execute((trx) => once(trx, guard, async () => {
    const id = await repo.upsertAdoption(trx, {
      caseId, orgId: input.org_id, status: input.status, adoptedOn: input.adopted_on, note: input.note,
      derivedCaseId, createdBy: viewer.id, at: ctx.now,
    });
    await recordSearchChange(trx, "case", caseId, "upsert"); // adoption counts rank cases
    await recordEvent(trx, { type: "adoption.recorded", actorId: viewer.id, caseId, orgId: input.org_id });
    return id;
  }));
  return { ok: true, id };
}

/** The recorder, ambassador+ of the adopting organisation, or moderators in scope: withdraws an adoption. */
export async function removeAdoption(ctx: DomainCtx, adoptionId: string): Promise<boolean> {
  if (!/^\d{1,18}$/.test(adoptionId)) return false;
  const a = await repo.findAdoption(ctx.db, adoptionId);
  if (!a) return false;
  const c = await repo.findCaseRow(ctx.db, a.case_id);
  if (!c || !canReadCase(ctx.viewer, scopeOf(c)) || !canRemoveAdoption(ctx.viewer, scopeOf(c), { orgId: a.org_id, createdBy: a.created_by })) return false;
  await ctx.db.transaction().execute(async (trx) => {
    await repo.deleteAdoption(trx, adoptionId);
    await recordSearchChange(trx, "case", a.case_id, "upsert");
  });
  return true;
}
