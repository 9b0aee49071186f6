import type { DomainCtx } from "../lib/ctx.server";
import { notFound } from "../lib/http.server";
import { recordAudit } from "../moderation/audit.server";
import { canErasePeople, canRequestErasure } from "../policy";
import { detachVotesAndMeToo, rewriteHandle, touchThreadsOf } from "../forum/erasure.repo.server";
import { detachCaseContact } from "../cases/erasure.repo.server";
import { recordSearchChange } from "../../search/outbox";
import { refreshStatistics } from "../../search/postgres/indexer";
import { deleteExportsOf } from "./exports.repo.server";
import * as repo from "./erasure.repo.server";
import { pendingErasure } from "./personal.repo.server";
import { revokeApiTokens } from "./optional.repo.server";

// Erasure by anonymisation (GDPR Art. 17 reconciled with the archive law, see
// docs/decisions/2026-12-02-anonymisation-and-archive.md): the person goes, the public records
// they wrote stay under their organisation. Irreversible; the audit entry names no erased data.

/** The name an erased person's content is shown under. */
export const formerMemberName = (orgName: string | null) => `Tidigare medlem, ${orgName ?? "okänd organisation"}`;
export const formerMemberHandle = (userId: string) => `tidigare-medlem-${userId}`;
export const formerMemberEmail = (userId: string) => `tidigare-medlem-${userId}@raderad.invalid`;

/** Signed-in person: whether they have asked to be erased. */
export async function myErasureRequest(ctx: DomainCtx) {
  if (!canRequestErasure(ctx.viewer)) notFound();
  const r = await pendingErasure(ctx.db, ctx.viewer!.id);
  return r ? { id: r.id, requestedAt: r.requested_at.toISOString() } : null;
}

/** Signed-in person: asks a network admin to erase them (once; a second ask changes nothing). Audited. */
export async function requestErasure(ctx: DomainCtx): Promise<void> {
  if (!canRequestErasure(ctx.viewer)) notFound();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertRequest(trx, ctx.viewer!.id);
    if (row) await recordAudit(trx, { actorId: ctx.viewer!.id, action: "user.erasure_requested", targetType: "user", targetId: ctx.viewer!.id, orgId: ctx.viewer!.primaryOrgId });
  });
}

/** Signed-in person: takes back a pending request. */
export async function withdrawErasure(ctx: DomainCtx): Promise<void> {
  if (!canRequestErasure(ctx.viewer)) notFound();
  await ctx.db.transaction().execute(async (trx) => {
    const r = await repo.withdrawRequest(trx, ctx.viewer!.id, ctx.now);
    if (Number(r.numUpdatedRows)) await recordAudit(trx, { actorId: ctx.viewer!.id, action: "user.erasure_withdrawn", targetType: "user", targetId: ctx.viewer!.id, orgId: ctx.viewer!.primaryOrgId });
  });
}

/** Network admin: the pending requests, oldest first. */
export async function listErasureRequests(ctx: DomainCtx) {
  if (!canErasePeople(ctx.viewer)) notFound();
  return (await repo.pendingRequests(ctx.db)).map((r) => ({
    id: r.id, requestedAt: r.requested_at.toISOString(), name: r.name, email: r.email, handle: r.handle, orgName: r.org_name,
  }));
}

/** Network admin: one pending request with what will stay (counts), for the confirmation page. */
export async function erasurePreview(ctx: DomainCtx, id: string) {
  if (!canErasePeople(ctx.viewer) || !/^\d{1,18}$/.test(id)) notFound();
  const r = await repo.findRequest(ctx.db, id);
  if (!r || r.status !== "pending") notFound();
  const counts = await repo.contentCounts(ctx.db, r.user_id);
  return { id: r.id, name: r.name, email: r.email, handle: r.handle, orgName: r.org_name, requestedAt: r.requested_at.toISOString(), newName: formerMemberName(r.org_name), isSelf: r.user_id === ctx.viewer!.id, counts };
}

export type EraseResult = { ok: true } | { ok: false; reason: "self" };

/**
 * Network admin: anonymises the person of a pending request, in one transaction: name, handle,
 * e-mail and profile replaced, sessions and tokens ended, their settings, notifications and
 * queued mails removed, votes and "me too" kept as counts only, mentions rewritten, stored text
 * that quotes them scrubbed, search documents rebuilt and thread pages' revisions moved (the page
 * cache). The audit entry records that it happened and the counts, never the erased values.
 */
export async function erasePerson(ctx: DomainCtx, id: string): Promise<EraseResult> {
  if (!canErasePeople(ctx.viewer) || !/^\d{1,18}$/.test(id)) notFound();
  const r = await repo.findRequest(ctx.db, id);
  if (!r || r.status !== "pending") notFound();
  if (r.user_id === ctx.viewer!.id) return { ok: false, reason: "self" };
  const userId = r.user_id;
  const name = formerMemberName(r.org_name);
  const handle = formerMemberHandle(userId);
  const email = formerMemberEmail(userId);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.lockPending(trx, id))) notFound();
    const counts = await detachVotesAndMeToo(trx, userId);
    const mentions = await rewriteHandle(trx, r.handle, handle);
    const own = await touchThreadsOf(trx, userId);
    const caseIds = await detachCaseContact(trx, userId);
    await repo.deleteOwnRows(trx, userId, r.email, email);
    await deleteExportsOf(trx, userId);
    const tokensRevoked = await revokeApiTokens(trx, userId, ctx.now);
    await repo.scrubText(trx, [r.email, r.name, r.handle]);
    await repo.anonymiseUserRow(trx, userId, { name, handle, email, at: ctx.now });
    await repo.markDone(trx, id, ctx.viewer!.id, ctx.now);
    for (const t of new Set([...own.threadIds, ...mentions.threadIds])) await recordSearchChange(trx, "thread", t);
    for (const p of new Set([...own.postIds, ...mentions.postIds])) await recordSearchChange(trx, "post", p);
    for (const c of caseIds) await recordSearchChange(trx, "case", c);
    await recordAudit(trx, {
      actorId: ctx.viewer!.id, action: "user.anonymised", targetType: "user", targetId: userId, orgId: r.primary_org_id,
      details: { request: id, votesKept: counts.votes, meTooKept: counts.meToo, mentionsRewritten: mentions.threadIds.length + mentions.postIds.length, tokensRevoked },
    });
  });
  // The suggestion vocabulary is rebuilt from the documents (a rewritten handle's words leave it).
  await refreshStatistics(ctx.db).catch((e) => console.error(`[privacy] statistics refresh after erasure: ${(e as Error).message}`));
  return { ok: true };
}
