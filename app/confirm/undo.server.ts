import { undoDeleteCase } from "../cases/undo.server";
import { undoDeletePost, undoDeleteThread } from "../forum/undo.server";
import type { DomainCtx } from "../lib/ctx.server";

export const UNDO_KINDS = ["thread", "post", "case"] as const;
export type UndoKind = (typeof UNDO_KINDS)[number];

/** Signed-in person: takes back their own soft delete; where to go afterwards, or null (too late, not theirs, missing). */
export async function undoDelete(ctx: DomainCtx, kind: UndoKind, id: string): Promise<string | null> {
  if (kind === "case") {
    const r = await undoDeleteCase(ctx, id);
    return r.ok ? `/cases/${id}-${r.slug}?restored=case` : null;
  }
  const r = kind === "thread" ? await undoDeleteThread(ctx, id) : await undoDeletePost(ctx, id);
  if (!r.ok) return null;
  return `${r.threadPath}?restored=${kind}${r.postNumber ? `#p${r.postNumber}` : ""}`;
}
