import { canReadCase, canReadThread, canSeePost, type CaseScope, type PostFacts, type ThreadFacts, type Viewer } from "../policy";

/**
 * What a notification points at, in the facts the read rule needs. Missing rows (a purged
 * thread) arrive as null. A notification with no thread, post or case (an accepted invitation)
 * points at an organisation, which everyone may read.
 */
export type NotificationTarget = {
  thread: ThreadFacts | null | undefined;
  post: PostFacts | null | undefined;
  case: CaseScope | null | undefined;
  /** Which of the three the row referenced (so a missing row is told from "none referenced"). */
  refs: { thread: boolean; post: boolean; case: boolean };
};

/**
 * THE check every notification passes when it is delivered (fan-out, mail, live stream) and when
 * it is shown (bell, page): the reader's current right to read its item and the item's state.
 * Removed items are no longer available to anyone here, moderators included: a notification is
 * about content, and removed content has nothing to tell. One function so the read rule can be
 * swapped for app/policy's complete resolver in one place.
 */
export function canReadNotificationTarget(viewer: Viewer | null, t: NotificationTarget): boolean {
  if (!viewer) return false;
  if (t.refs.thread) {
    if (!t.thread || t.thread.deletedAt || t.thread.discussionOf?.deletedAt || !canReadThread(viewer, t.thread)) return false;
    if (t.refs.post && (!t.post || t.post.deletedAt || !canSeePost(viewer, t.thread, t.post))) return false;
  }
  if (t.refs.case && (!t.case || t.case.deletedAt || !canReadCase(viewer, t.case))) return false;
  return true;
}
