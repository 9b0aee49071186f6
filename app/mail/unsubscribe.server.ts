import type { DB } from "../../db/client";
import { unsubscribeFrom } from "../notifications/preferences.server";
import { mailTokenSecret, verifyUnsubscribeToken } from "./token.server";
import type { UnsubscribeScope } from "./types";

export type UnsubscribeCheck = { ok: true; scope: UnsubscribeScope } | { ok: false };

/** Anyone, signed in or not (the token is the only credential): what this link would switch off. */
export function checkUnsubscribe(token: string | null, now: Date, secret = mailTokenSecret()): UnsubscribeCheck {
  const r = verifyUnsubscribeToken(secret, token ?? "", now);
  return r.ok ? { ok: true, scope: r.scope } : { ok: false };
}

/**
 * Anyone holding a valid token (one-click POST from a mail client, or the confirm form): switches
 * the token's person off for its scope and records that as consent. A forged, altered or expired
 * token changes nothing. The session cookie is never consulted.
 */
export async function unsubscribe(ctx: { db: DB; now: Date }, token: string | null, secret = mailTokenSecret()): Promise<(UnsubscribeCheck & { ok: true; changed: number }) | { ok: false }> {
  const r = verifyUnsubscribeToken(secret, token ?? "", ctx.now);
  if (!r.ok) return { ok: false };
  const kinds = await unsubscribeFrom(ctx.db, r.userId, r.scope, ctx.now);
  return { ok: true, scope: r.scope, changed: kinds.length };
}
