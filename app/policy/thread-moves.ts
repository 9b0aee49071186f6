import { canCreateContent, canModerate } from "./content";
import { canChooseVisibility, canReadThread, type ThreadFacts } from "./forum";
import { isNetworkModerator } from "./roles";
import type { Visibility, Viewer } from "./types";

// Moving and merging threads (issue 16 item 7). Moving changes who may read a thread, so the
// destination follows the same rule as writing a new thread there; merging moves answers from
// one question into another, so it needs moderation scope over both.

const movable = (t: ThreadFacts) => !t.deletedAt && !t.discussionOf;

/**
 * Who may move a thread: its author, and moderators in scope (an organisation's admins moderate
 * it too). Never a removed thread or a case's discussion (that follows its case).
 */
export function canMoveThread(v: Viewer | null, t: ThreadFacts): boolean {
  if (!canReadThread(v, t) || !movable(t)) return false;
  return canModerate(v, t) || Boolean(v && v.id === t.authorId && canCreateContent(v));
}

/**
 * Where to: network moderators to any organisation and visibility; everyone else only where
 * they could publish a new thread (one of their organisations, "public" for ambassadors and up).
 * The destination must differ from where the thread is.
 */
export function canMoveThreadTo(v: Viewer | null, t: ThreadFacts, to: { orgId: string; visibility: Visibility }): boolean {
  if (!canMoveThread(v, t)) return false;
  if (to.orgId === t.orgId && to.visibility === t.visibility) return false;
  return isNetworkModerator(v) || canChooseVisibility(v, to.orgId, to.visibility);
}

/**
 * Merging a duplicate question into another: moderators in scope over both, both readable in
 * full, both live questions, two different threads. Never into a thread the actor can't read.
 */
export function canMergeThreads(v: Viewer | null, from: ThreadFacts & { id: string }, into: ThreadFacts & { id: string }): boolean {
  if (from.id === into.id) return false;
  if (!canReadThread(v, from) || !canReadThread(v, into)) return false;
  if (from.kind !== "question" || into.kind !== "question") return false;
  if (!movable(from) || !movable(into) || from.hiddenAt || into.hiddenAt) return false;
  return canModerate(v, from) && canModerate(v, into);
}
