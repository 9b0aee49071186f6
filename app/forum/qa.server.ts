import type { DomainCtx } from "../lib/ctx.server";
import { writeTransaction } from "../lib/transaction.server";
import { canAccept, canCreateContent, canFollowQuestion, canReadThread, canSeePost } from "../policy";
import { recordSearchChange } from "../../search/outbox";
import { recordEvent } from "../events/events.server";
import { postFacts, threadFacts } from "./mappers";
import { findPostRow } from "./posts.repo.server";
import { fail, type Result } from "./result";
import { findThreadRow, setFollower, updateThreadRow } from "./threads.repo.server";
import { setWatchLevel } from "../watching/watching.server";

/**
 * The asker or a moderator in scope: accepts one live reply as the answer (replacing any earlier
 * choice), or clears it with `postId = null`. Records "answer accepted" (the notifications
 * subscriber tells the answerer, the asker and everyone who has the question too).
 */
export async function acceptAnswer(ctx: DomainCtx, threadId: string, postId: string | null): Promise<Result> {
  return writeTransaction(ctx.db, async (trx) => {
    const t = await findThreadRow(trx, threadId, true);
    if (!t || !canReadThread(ctx.viewer, threadFacts(t))) return fail("_form", "forum:errors.threadMissing");
    if (!canAccept(ctx.viewer, threadFacts(t))) return fail("_form", "forum:errors.notAllowed");
    if (postId !== null) {
      const p = await findPostRow(trx, postId);
      if (!p || p.thread_id !== t.id || p.deleted_at || !canSeePost(ctx.viewer, threadFacts(t), postFacts(p))) {
        return fail("_form", "forum:errors.postMissing");
      }
    }
    if (t.accepted_post_id === postId) return { ok: true as const };
    await updateThreadRow(trx, t.id, { accepted_post_id: postId, last_activity_at: ctx.now });
    if (postId) await recordEvent(trx, { type: "answer.accepted", actorId: ctx.viewer!.id, threadId: t.id, postId });
    await recordSearchChange(trx, "thread", t.id, "upsert");
    return { ok: true as const };
  });
}

/** Members who can read a question they did not ask: "we have this question too" (or take it back). */
export async function setHaveQuestionToo(ctx: DomainCtx, threadId: string, on: boolean): Promise<Result> {
  const t = await findThreadRow(ctx.db, threadId);
  if (!t || !canReadThread(ctx.viewer, threadFacts(t))) return fail("_form", "forum:errors.threadMissing");
  if (!canFollowQuestion(ctx.viewer, threadFacts(t))) return fail("_form", "forum:errors.notAllowed");
  await setFollower(ctx.db, t.id, ctx.viewer!.id, on);
  return { ok: true };
}

/** Members who can read a thread: start watching it, or go back to the normal level. */
export async function setWatching(ctx: DomainCtx, threadId: string, on: boolean): Promise<Result> {
  const r = await setWatchLevel(ctx, { targetType: "thread", targetId: threadId, level: on ? "watching" : "normal" });
  return r.ok ? { ok: true } : fail("_form", "forum:errors.threadMissing");
}
