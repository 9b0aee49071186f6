import { once } from "../lib/idempotency.server";
import type { DomainCtx } from "../lib/ctx.server";
import { canFlag } from "../policy";
import { readableTarget } from "../policy/targets.server";
import { recordAudit } from "./audit.server";
import { insertFlag, myFlag } from "./flags.repo.server";
import { fail, ok, type FlagReason, type Result, type Target, type TargetType } from "./types";

/**
 * Any signed-in member who can read the item: flags it for moderators. One flag per person per
 * item: a second one answers "duplicate". Unknown or unreadable items answer "notFound".
 */
export async function flagItem(
  ctx: DomainCtx,
  input: { targetType: TargetType; targetId: string; reason: FlagReason; text: string },
  opts: { submission?: string | null } = {},
): Promise<Result<{ flagId: string }>> {
  const v = ctx.viewer;
  if (!v) return fail("forbidden");
  const t = await readableTarget(ctx, input.targetType, input.targetId);
  if (!t || !canFlag(v, t)) return fail("notFound");
  // A removed item (or a reply in a removed thread) is for moderators only: nothing to flag.
  if (removed(t)) return fail("notApplicable");
  // A resend of the same form answers the first flag (not "you already flagged this").
  const guard = { actor: v.id, form: "flag", token: opts.submission, payload: input };
  return ctx.db.transaction().execute((trx) => once(trx, guard, async () => {
    const id = await insertFlag(trx, { type: t.type, id: t.id, reporterId: v.id, reason: input.reason, text: input.text });
    if (!id) return fail("duplicate");
    // The flagger's free text stays in the flag (where redaction can reach it), never in the append-only log.
    await recordAudit(trx, {
      actorId: v.id, action: `${t.type}.flag`, targetType: t.type, targetId: t.id, orgId: t.orgId,
      reason: input.reason, details: { flagId: id },
    });
    return ok({ flagId: id });
  }));
}

const removed = (t: Target) => Boolean(t.deletedAt || (t.facts.type !== "case" && t.facts.thread.deletedAt));

/** Signed-in member: whether they already flagged the item (for "received" on the item). */
export async function flagStatus(ctx: DomainCtx, type: TargetType, id: string) {
  if (!ctx.viewer || !/^\d{1,18}$/.test(id)) return null;
  return (await myFlag(ctx.db, type, id, ctx.viewer.id)) ?? null;
}

/** What the flag page shows of the item being flagged (null when the viewer may not flag it). */
export async function flagTarget(ctx: DomainCtx, type: string, id: string) {
  const v = ctx.viewer;
  if (!v || !["thread", "post", "case"].includes(type) || !/^\d{1,18}$/.test(id)) return null;
  const t = await readableTarget(ctx, type as TargetType, id);
  if (!t || !canFlag(v, t) || removed(t)) return null;
  const text = t.body.replace(/\s+/g, " ").trim();
  return {
    type: t.type,
    title: t.title,
    postNumber: t.postNumber,
    authorName: t.authorName,
    excerpt: text.length > 240 ? `${text.slice(0, 240)} …` : text,
  };
}
