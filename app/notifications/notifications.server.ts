import type { DomainCtx } from "../lib/ctx.server";
import { threadFacts } from "../forum/mappers";
import { latestEventId, notifyRecipients } from "../events/events.repo.server";
import { canReadNotificationTarget, type NotificationTarget } from "./access.server";
import { markRead, notificationRows, notificationRowsById, readableUnreadCount, type NotificationRow } from "./notifications.repo.server";
import type { NotificationGroup, NotificationItem, NotificationKind } from "./types";

/** The bell counts at most this many (it shows "99+"); counting stays one short index scan. */
export const BELL_CAP = 99;

type FactsRow = Pick<NotificationRow, "thread_id" | "post_id" | "case_id" | "t_id" | "t_org_id" | "t_visibility" | "t_shared" | "t_author_id" | "t_kind" | "t_hidden_at" | "t_deleted_at" | "t_locked_at" | "p_id" | "p_author_id" | "p_hidden_at" | "p_deleted_at" | "c_id" | "c_org_id" | "c_visibility" | "c_shared" | "c_state" | "c_hidden_at" | "c_deleted_at" | "dc_org_id" | "dc_visibility" | "dc_shared_org_ids" | "dc_state" | "dc_hidden_at" | "dc_deleted_at">;

function targetOf(r: FactsRow): NotificationTarget {
  return {
    thread: r.t_id
      ? threadFacts({
          org_id: r.t_org_id!, visibility: r.t_visibility!, shared_org_ids: r.t_shared ?? [], author_id: r.t_author_id!, kind: r.t_kind!,
          hidden_at: r.t_hidden_at, deleted_at: r.t_deleted_at, locked_at: r.t_locked_at,
          dc_org_id: r.dc_org_id, dc_visibility: r.dc_visibility, dc_shared_org_ids: r.dc_shared_org_ids, dc_state: r.dc_state,
          dc_hidden_at: r.dc_hidden_at, dc_deleted_at: r.dc_deleted_at,
        })
      : null,
    post: r.p_id ? { authorId: r.p_author_id!, hiddenAt: r.p_hidden_at, deletedAt: r.p_deleted_at } : null,
    case: r.c_id ? { orgId: r.c_org_id!, visibility: r.c_visibility!, sharedOrgIds: r.c_shared ?? [], state: r.c_state!, hiddenAt: r.c_hidden_at, deletedAt: r.c_deleted_at } : null,
    refs: { thread: r.thread_id !== null, post: r.post_id !== null, case: r.case_id !== null },
  };
}

function hrefOf(r: NotificationRow, kind: NotificationKind): string | null {
  if (kind === "moderation") return "/mod/notices";
  // A nudge opens the case form at the part to update.
  if (kind === "case_nudge" && r.c_id) return `/cases/${r.c_id}/edit#${String((r.data as { anchor?: string }).anchor ?? "")}`;
  if (r.t_id) return `/t/${r.t_id}-${r.t_slug}${r.p_number ? `#p${r.p_number}` : ""}`;
  if (r.c_id) return `/cases/${r.c_id}`;
  const d = r.data as { orgSlug?: string };
  return d.orgSlug ? `/orgs/${d.orgSlug}` : null;
}

// The read rule is applied here, when shown: an item the reader may no longer read keeps its
// row (it was theirs) but nothing of the item — no title, no link.
function toItem(ctx: DomainCtx, r: NotificationRow): NotificationItem {
  const kind = r.kind as NotificationKind;
  const available = canReadNotificationTarget(ctx.viewer, targetOf(r));
  const title = r.t_title ?? r.c_title ?? ((r.data as { orgName?: string }).orgName || null);
  return {
    id: r.id, kind, unread: r.read_at === null, createdAt: new Date(r.updated_at).toISOString(), count: r.count,
    available, title: available ? title : null, href: available ? hrefOf(r, kind) : null,
    actorName: available ? r.actor_name : null, data: available ? (r.data as Record<string, unknown>) : {},
  };
}

/**
 * Signed-in people: how many unread notifications they may still read (capped at BELL_CAP + 1).
 * One SQL query applying the same read rule as the page (readableUnreadCount is the SQL twin of
 * canReadNotificationTarget), so the count is right however many unreadable rows sit unread.
 */
export async function unreadCount(ctx: DomainCtx): Promise<number> {
  if (!ctx.viewer) return 0;
  return readableUnreadCount(ctx.db, ctx.viewer, BELL_CAP + 1);
}

/** Signed-in people: their notifications, newest first, grouped by kind and item, each re-checked. */
export async function myNotifications(ctx: DomainCtx, beforeId?: string): Promise<{ groups: NotificationGroup[]; nextBefore: string | null }> {
  if (!ctx.viewer) return { groups: [], nextBefore: null };
  const rows = await notificationRows(ctx.db, ctx.viewer.id, 100, beforeId);
  const groups: NotificationGroup[] = [];
  const byKey = new Map<string, NotificationGroup>();
  for (const item of rows.map((r) => toItem(ctx, r))) {
    const r = rows.find((x) => x.id === item.id)!;
    // Replies and answers in one thread group; everything else stands alone.
    const groupable = item.kind === "reply" || item.kind === "question_answered";
    const key = groupable && item.available ? `${item.kind}:${r.thread_id}:${item.unread}` : `one:${item.id}`;
    let g = byKey.get(key);
    if (!g) {
      g = { key, kind: item.kind, items: [], unread: 0, available: item.available, title: item.title, href: null };
      byKey.set(key, g);
      groups.push(g);
    }
    g.items.push(item);
    if (item.unread) g.unread++;
    g.href = item.href; // the oldest in the group: the first new answer
  }
  return { groups, nextBefore: rows.length === 100 ? rows[rows.length - 1].id : null };
}

/** Signed-in people: marks their own notifications read (others' ids change nothing). */
export async function markNotificationsRead(ctx: DomainCtx, ids: string[] | "all"): Promise<number> {
  if (!ctx.viewer) return 0;
  const n = await markRead(ctx.db, ctx.viewer.id, ids, ctx.now);
  // The person's other tabs and devices update their bell too.
  if (n > 0) await notifyRecipients(ctx.db, await latestEventId(ctx.db), [ctx.viewer.id]);
  return n;
}

/**
 * Mail (send time): these notifications of the viewer's, each re-checked against the viewer's
 * current rights; only the readable ones come back, with the text fields the mail needs.
 */
export async function readableNotifications(ctx: DomainCtx, ids: string[]): Promise<(NotificationItem & { postNumber: number | null })[]> {
  if (!ctx.viewer) return [];
  const rows = await notificationRowsById(ctx.db, ctx.viewer.id, ids);
  return rows.map((r) => ({ ...toItem(ctx, r), postNumber: r.p_number ?? null })).filter((i) => i.available);
}
