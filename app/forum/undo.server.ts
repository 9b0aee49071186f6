import type { DomainCtx } from "../lib/ctx.server";
import { writeTransaction } from "../lib/transaction.server";
import { recordAudit } from "../moderation/audit.server";
import { canReadThread } from "../policy";
import { canUndoDelete } from "../policy/undo";
import { recordSearchChange } from "../../search/outbox";
import { threadFacts } from "./mappers";
import { threadPath } from "./slug";
import { findPostRow, updatePostRow } from "./posts.repo.server";
import { bumpThread, findThreadRow, updateThreadRow } from "./threads.repo.server";

// "Ångra" after deleting a thread or a reply: the soft delete is taken back by the person who
// made it, within the undo window, while they can still read the item (audited).

export type UndoOutcome = { ok: true; threadPath: string; postNumber?: number } | { ok: false };

/** The person who deleted the thread, within the window: restores it (search and audit in the same transaction). */
export async function undoDeleteThread(ctx: DomainCtx, threadId: string): Promise<UndoOutcome> {
  return writeTransaction(ctx.db, async (trx) => {
    const t = await findThreadRow(trx, threadId, true);
    if (!t || !canUndoDelete(ctx.viewer, { deletedAt: t.deleted_at, deletedBy: t.deleted_by }, ctx.now)) return { ok: false as const };
    if (!canReadThread(ctx.viewer, { ...threadFacts(t), deletedAt: null })) return { ok: false as const };
    await updateThreadRow(trx, t.id, { deleted_at: null, deleted_by: null });
    await recordSearchChange(trx, "thread", t.id, "upsert");
    await recordAudit(trx, { actorId: ctx.viewer!.id, action: "thread.undo_delete", targetType: "thread", targetId: t.id, orgId: t.org_id, details: { deletedAt: t.deleted_at!.toISOString() } });
    return { ok: true as const, threadPath: threadPath(t) };
  });
}

/** The person who deleted the reply, within the window: restores it and its place in the reply count (audited). */
export async function undoDeletePost(ctx: DomainCtx, postId: string): Promise<UndoOutcome> {
  return writeTransaction(ctx.db, async (trx) => {
    const where = await findPostRow(trx, postId);
    if (!where) return { ok: false as const };
    const t = await findThreadRow(trx, where.thread_id, true);
    const p = await findPostRow(trx, postId, true);
    if (!t || !p || p.thread_id !== t.id || t.deleted_at) return { ok: false as const };
    if (!canUndoDelete(ctx.viewer, { deletedAt: p.deleted_at, deletedBy: p.deleted_by }, ctx.now) || !canReadThread(ctx.viewer, threadFacts(t))) return { ok: false as const };
    await updatePostRow(trx, p.id, { deleted_at: null, deleted_by: null });
    await bumpThread(trx, t.id, 1, null);
    await recordSearchChange(trx, "post", p.id, "upsert");
    await recordAudit(trx, { actorId: ctx.viewer!.id, action: "post.undo_delete", targetType: "post", targetId: p.id, orgId: t.org_id, details: { threadId: t.id, deletedAt: p.deleted_at!.toISOString() } });
    return { ok: true as const, threadPath: threadPath(t), postNumber: p.number };
  });
}
