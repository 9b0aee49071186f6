import type { DomainCtx } from "../lib/ctx.server";
import { RENDERER_VERSION } from "../lib/markdown.server";
import { currentMark } from "../moderation/curation.repo.server";
import {
  canAccept, canCreateContent, canDeletePost, canEditPost, canFollowQuestion, canModerate, canReadRemoved,
  canMoveThread, canReply, canSeePost, canVote, threadAccess,
} from "../policy";
import { iso, postFacts, tagRef, threadFacts, toRevision } from "./mappers";
import { listPostRows, listRevisionRows, votedPostIds, type PostRow } from "./posts.repo.server";
import { refreshStaleHtml } from "./posts.server";
import { tagsOfThreads } from "./tags.repo.server";
import { findThreadRow, mergedIntoOf, orgsByIds, viewerThreadState, type ThreadRow } from "./threads.repo.server";
import { threadPath } from "./slug";
import type { AnswerSort, PostView, Revision, ThreadPageData } from "./types";

/**
 * Anyone: a thread page as this viewer may see it, or null (missing and unreadable look the
 * same; so does a deleted thread for readers who only get its tombstone). Removed text is shown
 * only to moderators in scope; hidden replies only to their author and moderators. Answers come
 * accepted first, then by helpful votes, then by time.
 */
export async function getThreadPage(ctx: DomainCtx, threadId: string): Promise<ThreadPageData | null> {
  const page = await getThreadPageOrTombstone(ctx, threadId);
  return page === "tombstone" ? null : page;
}

/**
 * Anyone: the thread page, or "tombstone" when the thread was deleted and the viewer (a reader
 * who is not a moderator in scope) may know only that — no title, no text, no replies.
 */
export async function getThreadPageOrTombstone(ctx: DomainCtx, threadId: string, opts: { answerSort?: AnswerSort } = {}): Promise<ThreadPageData | "tombstone" | null> {
  const t = await findThreadRow(ctx.db, threadId);
  if (!t) return null;
  const facts = threadFacts(t);
  const access = threadAccess(ctx.viewer, facts);
  if (access !== "full") return access === "tombstone" ? "tombstone" : null;
  const v = ctx.viewer;
  const [postRows, revisionRows, tags, shared, state, voted, mark] = await Promise.all([
    listPostRows(ctx.db, t.id),
    listRevisionRows(ctx.db, t.id),
    tagsOfThreads(ctx.db, [t.id]),
    orgsByIds(ctx.db, t.shared_org_ids ?? []),
    viewerThreadState(ctx.db, t.id, v?.id ?? null),
    v ? votedPostIds(ctx.db, t.id, v.id) : Promise.resolve([]),
    currentMark(ctx.db, "thread", t.id),
  ]);
  const moderate = canModerate(v, facts);
  const seeRemoved = canReadRemoved(v, facts);
  const revisionsOf = (postId: string | null): Revision[] => revisionRows.filter((r) => r.post_id === postId).map(toRevision);
  const votedSet = new Set(voted.map((x) => x.post_id));

  const threadRemoved = t.deleted_at !== null;
  const showThreadBody = !threadRemoved || seeRemoved;
  const threadBody = showThreadBody ? await freshHtml(ctx, "thread", t) : null;
  const selfAsPost = { authorId: t.author_id, hiddenAt: t.hidden_at, deletedAt: t.deleted_at };

  const posts: PostView[] = [];
  for (const p of postRows) {
    if (!canSeePost(v, facts, postFacts(p))) continue;
    const removed = p.deleted_at !== null;
    const show = !removed || seeRemoved;
    const edit = canEditPost(v, facts, postFacts(p));
    posts.push({
      id: p.id,
      number: p.number,
      author: { id: p.author_id, handle: p.author_handle, name: p.author_name },
      bodyHtml: show ? await freshHtml(ctx, "post", p) : null,
      // The Markdown source only goes to those who may edit it (the edit box); others get the HTML.
      bodyMd: show && edit ? p.body_md : null,
      votes: p.votes,
      createdAt: iso(p.created_at),
      updatedAt: iso(p.updated_at),
      removed,
      hidden: p.hidden_at !== null,
      hiddenReason: p.hidden_at ? p.hidden_reason : null,
      accepted: t.accepted_post_id === p.id,
      revisions: show ? revisionsOf(p.id) : [],
      viewerVoted: votedSet.has(p.id),
      can: {
        edit,
        delete: canDeletePost(v, facts, postFacts(p)),
        vote: canVote(v, facts, postFacts(p)),
        accept: canAccept(v, facts) && !removed,
        moderate,
      },
    });
  }
  const accepted = posts.find((p) => p.accepted) ?? null;
  const rest = posts.filter((p) => !p.accepted);
  // The accepted answer stays first (above); the rest by votes (questions' default) or in order.
  const answerSort: AnswerSort = opts.answerSort ?? (t.kind === "question" ? "votes" : "oldest");
  if (answerSort === "votes") rest.sort((a, b) => b.votes - a.votes || a.number - b.number);

  return {
    thread: {
      id: t.id,
      slug: t.slug,
      kind: t.kind,
      title: t.title,
      bodyHtml: threadBody,
      bodyMd: showThreadBody && canEditPost(v, facts, selfAsPost) ? t.body_md : null,
      author: { id: t.author_id, handle: t.author_handle, name: t.author_name },
      access: { visibility: t.visibility, org: { id: t.org_id, slug: t.org_slug, name: t.org_name }, sharedWith: shared },
      tags: tags.map(tagRef),
      createdAt: iso(t.created_at),
      updatedAt: iso(t.updated_at),
      lastActivityAt: iso(t.last_activity_at),
      replyCount: t.reply_count,
      removed: threadRemoved,
      hidden: t.hidden_at !== null,
      hiddenReason: t.hidden_at ? t.hidden_reason : null,
      locked: t.locked_at !== null,
      pinned: t.pinned_at !== null,
      outdatedNote: t.outdated_note,
      bestPractice: mark ? { note: mark.note, markedAt: iso(mark.marked_at) } : null,
      followerCount: state.followerCount,
      revisions: showThreadBody ? revisionsOf(null) : [],
      viewer: { following: state.following, watching: state.watching, watchLevel: state.watchLevel },
      can: {
        reply: canReply(v, facts),
        edit: canEditPost(v, facts, selfAsPost),
        delete: canDeletePost(v, facts, selfAsPost),
        accept: canAccept(v, facts),
        follow: canFollowQuestion(v, facts),
        moderate,
        // A removed thread is a tombstone: nothing to watch (moderators still see it whole).
        watch: canCreateContent(v) && !threadRemoved,
        move: canMoveThread(v, facts),
      },
    },
    accepted,
    posts: rest,
    answerSort,
  };
}

async function freshHtml(ctx: DomainCtx, kind: "thread" | "post", row: ThreadRow | PostRow): Promise<string> {
  if (row.renderer_version === RENDERER_VERSION) return row.body_html;
  return refreshStaleHtml(ctx.db, kind, row.id, row.body_md);
}

/**
 * Anyone: where a merged duplicate's address now leads — the target thread's path, only when the
 * viewer may read the target in full (otherwise null, and the old thread answers as it would).
 */
export async function mergedThreadPath(ctx: DomainCtx, threadId: string): Promise<string | null> {
  const into = await mergedIntoOf(ctx.db, threadId);
  if (!into) return null;
  const t = await findThreadRow(ctx.db, into);
  return t && threadAccess(ctx.viewer, threadFacts(t)) === "full" ? threadPath(t) : null;
}
