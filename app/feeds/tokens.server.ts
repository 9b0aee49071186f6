import { randomBytes } from "node:crypto";
import type { DomainCtx } from "../lib/ctx.server";
import { writeTransaction } from "../lib/transaction.server";
import { insertFeedToken, liveFeedTokenOf, revokeFeedTokens } from "./feeds.repo.server";
import { hashFeedToken } from "./feeds.server";

// The per-person secret behind private feed URLs: shown once when made, stored as a hash,
// replaced or revoked from /settings/feeds.

export type FeedTokenInfo = { createdAt: string; lastUsedAt: string | null } | null;

/** Signed-in people: whether they have a live feed secret, and when it was made and last used. */
export async function myFeedToken(ctx: DomainCtx): Promise<FeedTokenInfo> {
  if (!ctx.viewer) return null;
  const r = await liveFeedTokenOf(ctx.db, ctx.viewer.id);
  return r ? { createdAt: r.created_at.toISOString(), lastUsedAt: r.last_used_at?.toISOString() ?? null } : null;
}

/** Signed-in people: a new feed secret (the old one stops working at once). Returns it once. */
export async function createFeedToken(ctx: DomainCtx): Promise<string | null> {
  const viewer = ctx.viewer;
  if (!viewer) return null;
  const token = randomBytes(32).toString("base64url");
  await writeTransaction(ctx.db, async (trx) => {
    await revokeFeedTokens(trx, viewer.id, ctx.now);
    await insertFeedToken(trx, viewer.id, hashFeedToken(token), ctx.now);
  });
  return token;
}

/** Signed-in people: ends their private feed URLs. */
export async function revokeFeedToken(ctx: DomainCtx): Promise<void> {
  if (ctx.viewer) await revokeFeedTokens(ctx.db, ctx.viewer.id, ctx.now);
}
