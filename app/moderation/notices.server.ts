import type { DomainCtx } from "../lib/ctx.server";
import { readableTargets } from "../policy/targets.server";
import type { Target } from "./types";
import { noticesFor } from "./notices.repo.server";
import { itemHref, type NoticeKind, type TargetType } from "./types";

export type Notice = {
  id: string;
  kind: NoticeKind;
  reason: string;
  createdAt: Date;
  targetType: TargetType;
  targetId: string;
  title: string;
  href: string | null;
  stillHidden: boolean;
  reviewRequestedAt: Date | null;
};

/**
 * Signed-in person: what moderators did to their items and why, newest first. The item's title
 * and link come only while the recipient may still read it (the complete read rule).
 */
export async function myNotices(ctx: DomainCtx): Promise<Notice[]> {
  if (!ctx.viewer) return [];
  const rows = await noticesFor(ctx.db, ctx.viewer.id);
  const targets = new Map<string, Target>();
  for (const type of ["thread", "post", "case"] as const) {
    const ids = [...new Set(rows.filter((r) => r.target_type === type).map((r) => String(r.target_id)))];
    for (const t of await readableTargets(ctx, type, ids)) targets.set(`${type}:${t.id}`, t);
  }
  return rows.map((r) => {
    const t = targets.get(`${r.target_type}:${r.target_id}`);
    return {
      id: r.id, kind: r.kind, reason: r.reason, createdAt: r.created_at, targetType: r.target_type, targetId: String(r.target_id),
      title: t?.title ?? "", href: t ? itemHref(t) : null, stillHidden: Boolean(t?.hiddenAt), reviewRequestedAt: r.review_requested_at,
    };
  });
}
