import { z } from "zod";
import * as forumState from "../forum/moderation-state.server";
import { recordEvent } from "../events/events.server";
import type { DomainCtx } from "../lib/ctx.server";
import { writeTransaction } from "../lib/transaction.server";
import { canMergeThreads, canModerate } from "../policy";
import { readersOfThread } from "../notifications/thread-readers.server";
import { readableTarget, readableTargets } from "../policy/targets.server";
import { carryThreadWatches } from "../watching/watching.server";
import { recordAudit } from "./audit.server";
import { questionsSharingTags, replyCountOf } from "./content.repo.server";
import { closeOpenFlags } from "./flags.repo.server";
import { insertNotice } from "./notices.repo.server";
import { fail, itemHref, ok, type Result, type Target } from "./types";

// Merging a duplicate question into another (issue 16 item 7): moderators with scope over both
// pick the target; the answers move there, the duplicate is removed and its address redirects,
// the duplicate's author is told. Never into a thread the moderator can't read.

/** The target as typed or picked: a thread number or its address (/t/123-…). */
const intoField = z.string().trim().transform((s) => s.match(/(?:^|\/t\/)(\d{1,18})(?:\D|$)/)?.[1] ?? "").pipe(z.string().regex(/^\d{1,18}$/, "modtools:merge.errors.into"));

export const mergeSchema = z.object({
  targetId: z.string().regex(/^\d{1,18}$/),
  into: intoField,
  reason: z.string().trim().max(500, "modtools:move.errors.reasonLong").optional().default(""),
  confirm: z.string().optional(),
  redirectTo: z.string().optional(),
});
export type MergeInput = z.infer<typeof mergeSchema>;

type Item = { id: string; title: string; href: string; orgName: string; replies: number };
const facts = (t: Target) => (t.facts.type === "thread" ? { ...t.facts.thread, id: t.id } : null);
const item = async (ctx: DomainCtx, t: Target): Promise<Item> => ({ id: t.id, title: t.title, href: itemHref(t), orgName: t.orgName, replies: await replyCountOf(ctx.db, t.id) });

/** The duplicate, if the viewer moderates it and it can be merged at all. */
async function source(ctx: DomainCtx, id: string): Promise<Result<Target>> {
  const t = await readableTarget(ctx, "thread", id);
  const f = t && facts(t);
  if (!t || !f) return fail("notFound");
  if (!canModerate(ctx.viewer, t)) return fail("forbidden");
  if (f.kind !== "question" || f.deletedAt || f.hiddenAt || f.discussionOf) return fail("notApplicable");
  return ok(t);
}

/** Moderators in scope: the duplicate and up to ten questions it could go into (sharing a tag, mergeable by this moderator). */
export async function mergeChoices(ctx: DomainCtx, threadId: string): Promise<Result<{ from: Item; candidates: Item[] }>> {
  const s = await source(ctx, threadId);
  if (!s.ok) return s;
  const from = s.value;
  const ids = await questionsSharingTags(ctx.db, from.id, 30);
  const readable = await readableTargets(ctx, "thread", ids);
  const fit = ids.map((id) => readable.find((t) => t.id === id)).filter((t): t is Target => Boolean(t && canMergeThreads(ctx.viewer, facts(from)!, facts(t)!)));
  return ok({ from: await item(ctx, from), candidates: await Promise.all(fit.slice(0, 10).map((t) => item(ctx, t))) });
}

/** Moderators with scope over both: the target as the confirm step shows it, or why not. */
export async function mergeTarget(ctx: DomainCtx, fromId: string, intoId: string): Promise<Result<{ from: Item; into: Item }>> {
  const s = await source(ctx, fromId);
  if (!s.ok) return s;
  // A target the moderator can't read looks exactly like a missing one.
  const into = await readableTarget(ctx, "thread", intoId);
  if (!into || !facts(into)) return fail("invalid");
  if (!canMergeThreads(ctx.viewer, facts(s.value)!, facts(into)!)) return fail("invalid");
  return ok({ from: await item(ctx, s.value), into: await item(ctx, into) });
}

/**
 * Moderators with scope over both threads (canMergeThreads): moves the duplicate's answers into
 * the target, removes the duplicate (its address redirects), closes its open flags, carries its
 * watchers and followers who may read the target over to it, logs it and tells the duplicate's
 * author (the notice links the target, where their question's answers are).
 */
export async function mergeThreads(ctx: DomainCtx, input: MergeInput): Promise<Result<{ notice: string; href: string; intoId: string }>> {
  const v = ctx.viewer;
  if (!v) return fail("forbidden");
  const r = await mergeTarget(ctx, input.targetId, input.into);
  if (!r.ok) return r;
  const { from, into } = r.value;
  const t = (await readableTarget(ctx, "thread", from.id))!;
  const intoFacts = facts((await readableTarget(ctx, "thread", into.id))!)!;
  // Carrying watches meets the watch form's row-then-thread order: a deadlock runs the merge again, never a 500.
  await writeTransaction(ctx.db, async (trx) => {
    // Watchers and "same question" followers go along only if the target's read rule admits them.
    const readers = (ids: string[]) => readersOfThread(trx, ids, intoFacts);
    const moved = await forumState.mergeThreadInto(trx, from.id, into.id, v.id, ctx.now, readers);
    const watches = await carryThreadWatches(trx, from.id, into.id, readers, ctx.now);
    await closeOpenFlags(trx, "thread", from.id, "actioned", v.id, ctx.now);
    await recordAudit(trx, {
      actorId: v.id, action: "thread.merge", targetType: "thread", targetId: from.id, orgId: t.orgId, reason: input.reason,
      details: { into: into.id, intoTitle: into.title, title: from.title, replies: moved.replies.length, watchers: watches.carried, followers: moved.followers },
    });
    if (t.authorId && t.authorId !== v.id) {
      const reason = [`”${from.title}” → ”${into.title}”`, input.reason].filter(Boolean).join(": ");
      await insertNotice(trx, { userId: t.authorId, type: "thread", id: into.id, kind: "merged", reason, at: ctx.now });
      await recordEvent(trx, { type: "moderation.decided", actorId: null, userId: t.authorId, targetType: "thread", targetId: into.id, kind: "merged", threadId: into.id, caseId: null });
    }
  });
  return ok({ notice: "merged", href: into.href, intoId: into.id });
}
