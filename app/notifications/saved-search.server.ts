import type { DB } from "../../db/client";
import type { Viewer } from "../policy";
import { canReadNotificationTarget, type NotificationTarget } from "./access.server";
import { caseInfo, postInfo, threadInfo } from "./fanout.repo.server";
import { insertNotifications } from "./notifications.repo.server";
import type { NewNotification } from "./types";

// Saved-search alerts (issue 18) plug into notifications here: the alert job hands over what the
// search found, and every item is re-checked at delivery through THE notification check
// (canReadNotificationTarget: the reader's current rights and the item's state), plus "live":
// an item hidden since it was indexed is announced to nobody, its moderators and author included.

/** A search match: a thread, a reply in its thread, or a case. */
export type MatchRef = { type: "thread" | "post" | "case"; id: string };

async function targetOf(db: DB, ref: MatchRef): Promise<{ target: NotificationTarget; live: boolean; threadId: string | null }> {
  if (ref.type === "case") {
    const c = await caseInfo(db, ref.id);
    return { target: { thread: undefined, post: undefined, case: c, refs: { thread: false, post: false, case: true } }, live: Boolean(c && c.state === "published" && !c.hiddenAt), threadId: null };
  }
  const post = ref.type === "post" ? await postInfo(db, ref.id) : null;
  const threadId = ref.type === "post" ? post?.threadId ?? null : ref.id;
  const thread = threadId ? await threadInfo(db, threadId) : null;
  const dc = thread?.discussionOf;
  const live = Boolean(thread && !thread.hiddenAt && (!dc || (dc.state === "published" && !dc.hiddenAt && !dc.deletedAt)) && (ref.type !== "post" || (post && !post.hiddenAt)));
  return { target: { thread, post: ref.type === "post" ? post : undefined, case: undefined, refs: { thread: true, post: ref.type === "post", case: false } }, live, threadId };
}

/**
 * Anyone (jobs, private feeds): the matches `viewer` may read now and that are live, in order.
 * A null viewer (deactivated, no membership left) gets nothing.
 */
export async function stillAnnounceable(db: DB, viewer: Viewer | null, refs: MatchRef[]): Promise<(MatchRef & { threadId: string | null })[]> {
  if (!viewer) return [];
  const out: (MatchRef & { threadId: string | null })[] = [];
  for (const ref of refs) {
    const { target, live, threadId } = await targetOf(db, ref);
    if (live && canReadNotificationTarget(viewer, target)) out.push({ ...ref, threadId });
  }
  return out;
}

/**
 * The alert job: one "saved_search" notification per new match the owner may read now (each
 * re-checked here). Idempotent: a match is announced once per saved search. True: something new was made.
 */
export async function notifySavedSearchMatches(
  db: DB, viewer: Viewer | null, search: { id: string; name: string; digest: boolean }, refs: MatchRef[], now: Date,
): Promise<boolean> {
  const ok = await stillAnnounceable(db, viewer, refs);
  if (!viewer || !ok.length) return false;
  const rows: NewNotification[] = ok.map((r) => ({
    userId: viewer.id, kind: "saved_search", eventId: null, actorId: null,
    threadId: r.threadId, postId: r.type === "post" ? r.id : null, caseId: r.type === "case" ? r.id : null,
    data: { savedSearchId: search.id, name: search.name, digest: search.digest },
    dedupeKey: `saved_search:${search.id}:${r.type}:${r.id}`,
  }));
  return (await insertNotifications(db, rows, now)).length > 0;
}
