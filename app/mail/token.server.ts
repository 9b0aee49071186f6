import { createHmac, timingSafeEqual } from "node:crypto";
import { MAIL_KINDS, type UnsubscribeScope } from "./types";

type Env = Record<string, string | undefined>;
const DEV_SECRET = "allmanning-dev-mail-token-secret-not-for-production";
/** How long an unsubscribe link works (RFC 8058 asks that it keep working for a while). */
export const TOKEN_DAYS = 90;

/** The HMAC key: MAIL_TOKEN_SECRET; outside production (or in demo mode) a fixed development key. */
export function mailTokenSecret(env: Env = process.env): string {
  if (env.MAIL_TOKEN_SECRET) return env.MAIL_TOKEN_SECRET;
  const demo = env.DEMO_MODE === "1" || env.DEMO_MODE === "true";
  if ((env.NODE_ENV ?? "production") !== "production" || demo) return DEV_SECRET;
  throw new Error("MAIL_TOKEN_SECRET is not set: generate one with `openssl rand -base64 32`");
}

const sign = (secret: string, body: string) => createHmac("sha256", secret).update(`unsubscribe:${body}`).digest("base64url");
const isScope = (s: string): s is UnsubscribeScope => s === "digest:daily" || s === "digest:weekly" || (MAIL_KINDS as readonly string[]).includes(s);

/** A signed token naming one person and what to switch off, valid until `expires`. */
export function unsubscribeToken(secret: string, userId: string, scope: UnsubscribeScope, now: Date): string {
  const exp = Math.floor(now.getTime() / 1000) + TOKEN_DAYS * 86_400;
  const body = `${userId}.${scope}.${exp}`;
  return `${body}.${sign(secret, body)}`;
}

export type TokenCheck = { ok: true; userId: string; scope: UnsubscribeScope } | { ok: false; reason: "malformed" | "forged" | "expired" };

/** Verifies a token (constant-time); a forged, altered (another person) or expired one is refused. */
export function verifyUnsubscribeToken(secret: string, token: string, now: Date): TokenCheck {
  const m = /^(\d{1,19})\.([a-z_:]{1,40})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m || !isScope(m[2])) return { ok: false, reason: "malformed" };
  const [, userId, scope, exp, sig] = m;
  const want = Buffer.from(sign(secret, `${userId}.${scope}.${exp}`));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return { ok: false, reason: "forged" };
  if (Number(exp) * 1000 < now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, userId, scope: scope as UnsubscribeScope };
}
