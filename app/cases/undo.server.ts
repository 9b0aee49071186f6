import type { DomainCtx } from "../lib/ctx.server";
import { recordAudit } from "../moderation/audit.server";
import { canEditCase } from "../policy";
import { canUndoDelete } from "../policy/undo";
import { recordSearchChange } from "../../search/outbox";
import * as repo from "./cases.repo.server";
import { scopeOf } from "./mappers";
import { lastDeleteRevision, restoreCaseRow } from "./undo.repo.server";

/**
 * "Ångra" after deleting a case study: the person who deleted it, within the undo window and
 * while they may still edit it, restores it (a "restore" revision, search and audit in the same
 * transaction).
 */
export async function undoDeleteCase(ctx: DomainCtx, caseId: string): Promise<{ ok: true; slug: string } | { ok: false }> {
  const row = await repo.findCaseRow(ctx.db, caseId);
  if (!row?.deleted_at) return { ok: false };
  const last = await lastDeleteRevision(ctx.db, caseId);
  if (!last || !canUndoDelete(ctx.viewer, { deletedAt: row.deleted_at, deletedBy: last.editor_id }, ctx.now)) return { ok: false };
  if (!canEditCase(ctx.viewer, { ...scopeOf(row), deletedAt: null })) return { ok: false };
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await restoreCaseRow(trx, caseId))) return { ok: false as const };
    await repo.insertRevision(trx, { caseId, editorId: ctx.viewer!.id, action: "restore", snapshot: {}, at: ctx.now });
    await recordSearchChange(trx, "case", caseId, "upsert");
    await recordAudit(trx, { actorId: ctx.viewer!.id, action: "case.undo_delete", targetType: "case", targetId: caseId, orgId: row.org_id, details: { deletedAt: row.deleted_at!.toISOString() } });
    return { ok: true as const, slug: row.slug };
  });
}
