import { canReadCase, type CaseScope } from "./cases";
import { canCreateContent, canModerate, canPublishAs } from "./content";
import { hasOrgRole, isNetworkModerator } from "./roles";
import { canRead } from "./visibility";
import type { Scoped, Viewer, Visibility } from "./types";

// Forum permissions: pure predicates over the Viewer and what it acts on. Domain functions ask
// these before every write; the UI uses them only to decide which buttons to show.

/** What the predicates need to know about a thread. */
export type ThreadFacts = Scoped & {
  authorId: string;
  kind: "question" | "discussion";
  hiddenAt: Date | string | null;
  deletedAt: Date | string | null;
  lockedAt: Date | string | null;
  /** The case whose discussion this thread is, if any: the thread follows the case's state. */
  discussionOf?: CaseScope | null;
};
/** What the predicates need to know about a reply (its visibility is its thread's). */
export type PostFacts = { authorId: string; hiddenAt: Date | string | null; deletedAt: Date | string | null };

const isAuthor = (v: Viewer | null, authorId: string) => Boolean(v && v.id === authorId);

/**
 * How much of a thread the viewer may see (the complete rule; SQL twin: readableThreads):
 * "full" — title, text and replies; "tombstone" — only that a removed thread was here (no title,
 * no text, no replies); "none" — nothing, exactly like a missing thread.
 *  - visibility first (canRead); a case's discussion only for those who may read the case;
 *  - a deleted thread: moderators in scope see all of it, other readers get the tombstone;
 *  - a hidden thread: its author and moderators in scope, nobody else.
 */
export function threadAccess(v: Viewer | null, t: ThreadFacts): "full" | "tombstone" | "none" {
  if (!canRead(v, t)) return "none";
  if (t.discussionOf && !canReadCase(v, t.discussionOf)) return "none";
  const mod = canModerate(v, t);
  if (t.hiddenAt && !mod && !isAuthor(v, t.authorId)) return "none";
  if (t.deletedAt && !mod) return "tombstone";
  return "full";
}

/** Readers of a thread in full (threadAccess "full"): every write and every page starts here. */
export const canReadThread = (v: Viewer | null, t: ThreadFacts) => threadAccess(v, t) === "full";

/** Threads in lists, counts, tag and organisation pages, widgets (SQL twin: listedThreads). */
export const isListedThread = (v: Viewer | null, t: ThreadFacts) => !t.deletedAt && canReadThread(v, t);

/** A removed (soft-deleted) thread or post keeps its text for moderators in scope only. */
export const canReadRemoved = (v: Viewer | null, t: Scoped) => canModerate(v, t);

/** A hidden reply is shown to its author and moderators in scope; others see nothing of it. */
export function canSeePost(v: Viewer | null, t: ThreadFacts, p: PostFacts): boolean {
  if (!canReadThread(v, t)) return false;
  return !p.hiddenAt || isAuthor(v, p.authorId) || canModerate(v, t);
}

/** A reply's text (SQL twin: readablePosts): thread readable in full, and a removed reply for moderators only. */
export function canReadPost(v: Viewer | null, t: ThreadFacts, p: PostFacts): boolean {
  return canSeePost(v, t, p) && (!p.deletedAt || canReadRemoved(v, t));
}

export const canStartThread = (v: Viewer | null) => canCreateContent(v);

/**
 * Who may choose a visibility: the owning organisation must be one of the author's; "public"
 * (readable on the open web) needs an ambassador or higher in that organisation, or a network
 * moderator; shares must name other organisations.
 */
export function canChooseVisibility(v: Viewer | null, orgId: string, visibility: Visibility, sharedOrgIds: string[] = []): boolean {
  if (!canPublishAs(v, orgId, visibility)) return false;
  if (sharedOrgIds.length > 0 && (visibility !== "organisation" || sharedOrgIds.includes(orgId))) return false;
  if (visibility === "public") return hasOrgRole(v, orgId, "ambassador") || isNetworkModerator(v);
  return true;
}

/** Members who can read an open (not locked, not removed) thread may reply. */
export function canReply(v: Viewer | null, t: ThreadFacts): boolean {
  return canCreateContent(v) && canReadThread(v, t) && !t.lockedAt && !t.deletedAt;
}

/** Authors edit their own text, moderators in scope anyone's; never a removed post or a locked thread (moderators excepted). */
export function canEditPost(v: Viewer | null, t: ThreadFacts, p: PostFacts): boolean {
  if (!canSeePost(v, t, p) || p.deletedAt || t.deletedAt) return false;
  if (canModerate(v, t)) return true;
  return isAuthor(v, p.authorId) && canCreateContent(v) && !t.lockedAt;
}

/** Authors remove their own posts, moderators in scope anyone's. */
export function canDeletePost(v: Viewer | null, t: ThreadFacts, p: PostFacts): boolean {
  if (!canSeePost(v, t, p) || p.deletedAt) return false;
  return canModerate(v, t) || (isAuthor(v, p.authorId) && canCreateContent(v));
}

/** The asker or a moderator in scope accepts (or changes) the answer of a question. */
export function canAccept(v: Viewer | null, t: ThreadFacts): boolean {
  if (t.kind !== "question" || !canReadThread(v, t) || t.deletedAt) return false;
  return canModerate(v, t) || (isAuthor(v, t.authorId) && canCreateContent(v));
}

/** Members who can read a reply may mark it helpful, but not their own. */
export function canVote(v: Viewer | null, t: ThreadFacts, p: PostFacts): boolean {
  return canCreateContent(v) && canSeePost(v, t, p) && !p.deletedAt && !t.deletedAt && !isAuthor(v, p.authorId);
}

/** "We have this question too": members who can read an open question they did not ask. */
export function canFollowQuestion(v: Viewer | null, t: ThreadFacts): boolean {
  return canCreateContent(v) && t.kind === "question" && canReadThread(v, t) && !t.deletedAt && !isAuthor(v, t.authorId);
}

/** Ambassadors and above (in any organisation) and network moderators create tags. */
export const canCreateTag = (v: Viewer | null) =>
  isNetworkModerator(v) || Boolean(v?.memberships.some((m) => m.role !== "member"));

/** Tags are shared by the whole network: moderators (of any organisation, or the network) curate them. */
export const canManageTags = (v: Viewer | null) =>
  isNetworkModerator(v) || Boolean(v?.memberships.some((m) => m.role === "moderator" || m.role === "admin"));
