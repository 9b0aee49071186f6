import { z } from "zod";
import * as forumState from "../forum/moderation-state.server";
import { recordEvent } from "../events/events.server";
import type { DomainCtx } from "../lib/ctx.server";
import { canMoveThread, canMoveThreadTo, VISIBILITIES, type Visibility } from "../policy";
import { compareNames } from "../lib/i18n/format";
import { readableTarget } from "../policy/targets.server";
import { recordAudit } from "./audit.server";
import { listOrganisations } from "./content.repo.server";
import { insertNotice } from "./notices.repo.server";
import { fail, itemHref, ok, type Result, type Target } from "./types";

// Moving a thread to another organisation or audience (issue 16 item 7). The read rule reads the
// thread's own columns, so it applies the moment the move commits: someone who could read it
// before and can't now gets 404; search documents are rebuilt in the same transaction.

export const moveSchema = z.object({
  targetId: z.string().regex(/^\d{1,18}$/),
  orgId: z.string().regex(/^\d{1,18}$/, "modtools:move.errors.org"),
  visibility: z.enum(VISIBILITIES as ["organisation", "network", "public"], { message: "modtools:move.errors.visibility" }),
  reason: z.string().trim().max(500, "modtools:move.errors.reasonLong").optional().default(""),
  redirectTo: z.string().optional(),
});
export type MoveInput = z.infer<typeof moveSchema>;

export type MoveChoices = {
  thread: { id: string; title: string; href: string; orgId: string; orgName: string; visibility: Visibility; sharedNames: string[] };
  orgs: { id: string; name: string; visibilities: Visibility[] }[];
};

const threadFacts = (t: Target) => (t.facts.type === "thread" ? t.facts.thread : null);

/** The thread's author and moderators in scope: where the thread may go (each organisation with its allowed audiences). */
export async function moveChoices(ctx: DomainCtx, threadId: string): Promise<Result<MoveChoices>> {
  const t = await readableTarget(ctx, "thread", threadId);
  const facts = t && threadFacts(t);
  if (!t || !facts) return fail("notFound");
  if (!canMoveThread(ctx.viewer, facts)) return fail("forbidden");
  const all = await listOrganisations(ctx.db);
  // The present audience as its badge says it, shares named (the mover can read the thread).
  const sharedNames = t.sharedOrgIds.map((id) => all.find((o) => String(o.id) === id)?.name).filter((n): n is string => Boolean(n));
  const orgs = all
    .map((o) => ({ id: String(o.id), name: o.name, visibilities: VISIBILITIES.filter((vis) => canMoveThreadTo(ctx.viewer, facts, { orgId: String(o.id), visibility: vis }) || (String(o.id) === t.orgId && vis === t.visibility)) }))
    .filter((o) => o.visibilities.length > 0)
    .sort((a, b) => (a.id === t.orgId ? -1 : b.id === t.orgId ? 1 : compareNames(a.name, b.name)));
  return ok({ thread: { id: t.id, title: t.title, href: itemHref(t), orgId: t.orgId, orgName: t.orgName, visibility: t.visibility, sharedNames }, orgs });
}

/**
 * The thread's author and moderators in scope: moves it to another organisation and/or
 * audience (canMoveThreadTo), with an audit entry and — when someone else moved it — a notice
 * to the author. Shares with other organisations end when the owner or audience changes.
 */
export async function moveThread(ctx: DomainCtx, input: MoveInput): Promise<Result<{ notice: string; href: string }>> {
  const v = ctx.viewer;
  if (!v) return fail("forbidden");
  const t = await readableTarget(ctx, "thread", input.targetId);
  const facts = t && threadFacts(t);
  if (!t || !facts) return fail("notFound");
  if (!canMoveThread(v, facts)) return fail("forbidden");
  const to = { orgId: input.orgId, visibility: input.visibility };
  if (to.orgId === t.orgId && to.visibility === t.visibility) return fail("notApplicable");
  const orgs = await listOrganisations(ctx.db);
  const dest = orgs.find((o) => String(o.id) === to.orgId);
  if (!dest || !canMoveThreadTo(v, facts, to)) return fail("invalid");
  const sharedOrgIds = to.orgId === t.orgId && to.visibility === "organisation" ? t.sharedOrgIds : [];
  await ctx.db.transaction().execute(async (trx) => {
    await forumState.moveThread(trx, t.id, { ...to, sharedOrgIds });
    // Logged under the organisation it left (its moderators keep seeing the entry); the details name both.
    await recordAudit(trx, {
      actorId: v.id, action: "thread.move", targetType: "thread", targetId: t.id, orgId: t.orgId, reason: input.reason,
      details: { from: { orgId: t.orgId, visibility: t.visibility, sharedOrgIds: t.sharedOrgIds }, to: { ...to, sharedOrgIds } },
    });
    if (t.authorId && t.authorId !== v.id) {
      await insertNotice(trx, { userId: t.authorId, type: "thread", id: t.id, kind: "moved", reason: input.reason, at: ctx.now });
      await recordEvent(trx, { type: "moderation.decided", actorId: null, userId: t.authorId, targetType: "thread", targetId: t.id, kind: "moved", threadId: t.id, caseId: null });
    }
  });
  return ok({ notice: "moved", href: itemHref(t) });
}
