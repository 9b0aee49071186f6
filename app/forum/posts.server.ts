import { AttachFailed, attachErrorKey, attachOrThrow, type AttachInput } from "../attachments/attachments.server";
import type { DomainCtx } from "../lib/ctx.server";
import { once } from "../lib/idempotency.server";
import { writeTransaction } from "../lib/transaction.server";
import { renderMarkdown, RENDERER_VERSION } from "../lib/markdown.server";
import { canDeletePost, canEditPost, canReadThread, canReply, canVote } from "../policy";
import { recordSearchChange } from "../../search/outbox";
import { recordEvent } from "../events/events.server";
import { linkMentions, mentionWarning, resolveMentions } from "../notifications/mentions.server";
import { postFacts, threadFacts } from "./mappers";
import { findPostRow, insertPost, insertRevision, setVote, updatePostRow } from "./posts.repo.server";
import { check, fail, mentionFailure, type Result } from "./result";
import { editPostSchema, replySchema, type EditPostInput, type ReplyInput } from "./schemas";
import { addWatcher, bumpThread, findThreadRow, updateThreadRow } from "./threads.repo.server";
import type { DB } from "../../db/client";
import type { Transaction } from "kysely";
import type { Database } from "../../db/types";

/**
 * Members who can read an open thread: adds the next numbered reply, bumps the reply count and
 * last activity in the same transaction, and makes the replier a watcher. A locked, removed,
 * missing or unreadable thread answers a field error on the body. Mentioning someone who cannot
 * read the thread (or a group too large to notify) answers a warning on the body first; the
 * writer re-posts with `confirmMentions` to post anyway.
 */
export async function reply(ctx: DomainCtx, threadId: string, input: ReplyInput, opts: { submission?: string | null; confirmMentions?: boolean; attachments?: AttachInput } = {}): Promise<Result<{ id: string; number: number }>> {
  const parsed = check(replySchema, input);
  if (!parsed.ok) return parsed;
  return writeTransaction(ctx.db, async (trx) => {
    const t = await findThreadRow(trx, threadId, true);
    if (!t || !canReadThread(ctx.viewer, threadFacts(t))) return fail("body", "forum:errors.threadMissing");
    if (t.deleted_at) return fail("body", "forum:errors.threadMissing");
    if (t.locked_at) return fail("body", "forum:errors.locked");
    if (!canReply(ctx.viewer, threadFacts(t))) return fail("body", "forum:errors.notAllowed");
    const body = parsed.data.body;
    if (!opts.confirmMentions) {
      const warn = await mentionWarning(trx, body, ctx.viewer!.id, threadFacts(t));
      if (warn) return mentionFailure(warn);
    }
    const mentions = await resolveMentions(trx, body, ctx.viewer!.id);
    // A double-submitted reply (same form token, same text) answers the first one's result.
    return once(trx, { actor: ctx.viewer!.id, form: "reply", token: opts.submission, payload: { threadId: t.id, body, attachments: opts.attachments?.publicIds ?? [] } }, async () => {
      const p = await insertPost(trx, {
        thread_id: t.id, author_id: ctx.viewer!.id, body_md: body, body_html: linkMentions(renderMarkdown(body), mentions.links),
        renderer_version: RENDERER_VERSION, created_at: ctx.now, updated_at: ctx.now,
      });
      await attachOrThrow(trx, ctx.viewer!, { type: "post", id: p.id }, opts.attachments);
      await bumpThread(trx, t.id, 1, ctx.now);
      await addWatcher(trx, t.id, ctx.viewer!.id);
      await recordSearchChange(trx, "post", p.id, "upsert");
      await recordEvent(trx, { type: "reply.posted", actorId: ctx.viewer!.id, threadId: t.id, postId: p.id });
      if (mentions.userIds.length) await recordEvent(trx, { type: "mention", actorId: ctx.viewer!.id, threadId: t.id, postId: p.id, userIds: mentions.userIds });
      return { ok: true as const, id: p.id, number: p.number };
    });
  }).catch((e: unknown) => {
    if (e instanceof AttachFailed) return fail("files", attachErrorKey(e));
    throw e;
  });
}

// The post and its thread, locked for the write, or null when missing or unreadable. Lock order
// is the thread first, then the post, as in reply and accept (which lock the thread and then
// touch posts): the other way round two writers on one thread deadlocked.
async function loadForWrite(trx: Transaction<Database>, ctx: DomainCtx, postId: string) {
  const where = await findPostRow(trx, postId);
  if (!where) return null;
  const t = await findThreadRow(trx, where.thread_id, true);
  const p = await findPostRow(trx, postId, true);
  if (!t || !p || p.thread_id !== t.id) return null; // moved meanwhile: as if missing (the form is resent)
  if (!canReadThread(ctx.viewer, threadFacts(t))) return null;
  return { p, t };
}

/** The author or a moderator in scope: edits a reply, keeping a revision readers can see. */
export async function editPost(ctx: DomainCtx, postId: string, input: EditPostInput): Promise<Result> {
  const parsed = check(editPostSchema, input);
  if (!parsed.ok) return parsed;
  return writeTransaction(ctx.db, async (trx) => {
    const found = await loadForWrite(trx, ctx, postId);
    if (!found) return fail("body", "forum:errors.postMissing");
    const { p, t } = found;
    if (!canEditPost(ctx.viewer, threadFacts(t), postFacts(p))) return fail("body", t.locked_at ? "forum:errors.locked" : "forum:errors.notAllowed");
    const body = parsed.data.body;
    if (body === p.body_md) return { ok: true as const };
    await insertRevision(trx, {
      thread_id: t.id, post_id: p.id, editor_id: ctx.viewer!.id, old_body_md: p.body_md, new_body_md: body,
      reason: parsed.data.reason, created_at: ctx.now,
    });
    await updatePostRow(trx, p.id, { body_md: body, body_html: renderMarkdown(body), renderer_version: RENDERER_VERSION, updated_at: ctx.now });
    await recordSearchChange(trx, "post", p.id, "upsert");
    return { ok: true as const };
  });
}

/** The author or a moderator in scope: removes a reply (text kept for moderators); an accepted answer stops being accepted. */
export async function deletePost(ctx: DomainCtx, postId: string): Promise<Result> {
  return writeTransaction(ctx.db, async (trx) => {
    const found = await loadForWrite(trx, ctx, postId);
    if (!found) return fail("_form", "forum:errors.postMissing");
    const { p, t } = found;
    if (!canDeletePost(ctx.viewer, threadFacts(t), postFacts(p))) return fail("_form", "forum:errors.notAllowed");
    await updatePostRow(trx, p.id, { deleted_at: ctx.now, deleted_by: ctx.viewer!.id });
    await bumpThread(trx, t.id, -1, null);
    if (t.accepted_post_id === p.id) await updateThreadRow(trx, t.id, { accepted_post_id: null });
    await recordSearchChange(trx, "post", p.id, "delete");
    if (t.accepted_post_id === p.id) await recordSearchChange(trx, "thread", t.id, "upsert");
    return { ok: true as const };
  });
}

/** Members who can read a reply (not their own): marks it helpful, or takes the mark back. */
export async function vote(ctx: DomainCtx, postId: string, on: boolean): Promise<Result> {
  return writeTransaction(ctx.db, async (trx) => {
    const found = await loadForWrite(trx, ctx, postId);
    if (!found) return fail("_form", "forum:errors.postMissing");
    if (!canVote(ctx.viewer, threadFacts(found.t), postFacts(found.p))) return fail("_form", "forum:errors.notAllowed");
    await setVote(trx, postId, ctx.viewer!.id, on);
    await recordSearchChange(trx, "post", postId, "upsert");
    if (on) await recordEvent(trx, { type: "post.voted", actorId: ctx.viewer!.id, threadId: found.t.id, postId });
    return { ok: true as const };
  });
}

/** Re-renders stored HTML made by an older renderer (called when a thread is read). */
export async function refreshStaleHtml(db: DB, kind: "thread" | "post", id: string, bodyMd: string): Promise<string> {
  const html = renderMarkdown(bodyMd);
  const set = { body_html: html, renderer_version: RENDERER_VERSION };
  if (kind === "thread") await updateThreadRow(db, id, set);
  else await updatePostRow(db, id, set);
  return html;
}
