import type { DomainCtx } from "../lib/ctx.server";
import { formError, type FieldErrors } from "../lib/forms.server";
import { notFound } from "../lib/http.server";
import { recordAudit } from "../moderation/audit.server";
import { canManageSearchSynonyms } from "../policy";
import { synonymKey } from "../../search/postgres/synonyms";
import { insertSynonymRow, listSynonymRows, queueSynonymSync, softDeleteSynonymRow, synonymRowsWithAny } from "./synonyms.repo.server";

type Result = { ok: true } | { ok: false; errors: FieldErrors };

/** Network admins: the live synonym groups. Others → 404. */
export async function listSynonymGroups(ctx: DomainCtx) {
  if (!canManageSearchSynonyms(ctx.viewer)) notFound();
  const rows = await listSynonymRows(ctx.db);
  return rows.map((r) => ({ id: String(r.id), terms: r.terms }));
}

/** Network admins: adds a group (terms normalised as the search compares them), audited. A term already in a group is refused. */
export async function addSynonymGroup(ctx: DomainCtx, typed: string[]): Promise<Result> {
  if (!canManageSearchSynonyms(ctx.viewer)) notFound();
  const terms = [...new Set(typed.map(synonymKey).filter(Boolean))];
  if (terms.length < 2) return { ok: false, errors: formError("terms", "search:synonyms.errors.tooFew") };
  const clash = await synonymRowsWithAny(ctx.db, terms);
  if (clash.length) {
    const term = terms.find((t) => clash[0].terms.includes(t)) ?? terms[0];
    return { ok: false, errors: formError("terms", "search:synonyms.errors.exists", { term }) };
  }
  await ctx.db.transaction().execute(async (trx) => {
    const row = await insertSynonymRow(trx, terms, ctx.viewer!.id);
    await recordAudit(trx, { actorId: ctx.viewer!.id, action: "search.synonyms_added", targetType: "search_synonyms", targetId: String(row.id), orgId: null, details: { terms } });
    await queueSynonymSync(trx);
  });
  return { ok: true };
}

/** Network admins: removes a group (soft delete), audited. An unknown or removed group → 404. */
export async function removeSynonymGroup(ctx: DomainCtx, id: string): Promise<Result> {
  if (!canManageSearchSynonyms(ctx.viewer)) notFound();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await softDeleteSynonymRow(trx, id, ctx.viewer!.id);
    if (!row) notFound();
    await recordAudit(trx, { actorId: ctx.viewer!.id, action: "search.synonyms_removed", targetType: "search_synonyms", targetId: id, orgId: null, details: { terms: row.terms } });
    await queueSynonymSync(trx);
  });
  return { ok: true };
}
