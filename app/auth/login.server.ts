import { z } from "zod";
import type { DomainCtx } from "../lib/ctx.server";
import { blockedFor, DEFAULT_LIMITS, hit, limiter, normaliseKey, type AuthLimits } from "../lib/rate-limit.server";
import { findLoginUser } from "../orgs/people.repo.server";
import { startSession } from "./lucia.server";
import { verifyAgainstDummy, verifyPassword } from "./password.server";

export const loginSchema = z.object({
  email: z.string().trim().min(1).max(254).email(),
  password: z.string().min(1).max(128),
  redirectTo: z.string().optional(),
});

export type LoginResult = { ok: true; setCookie: string } | { ok: false; retryAfterMinutes?: number };
export type LoginOptions = { ip?: string | null; userAgent?: string; limits?: Partial<AuthLimits> };

/**
 * Anyone: checks the password and starts a session. An unknown email, a wrong password and a
 * deactivated account give the same answer after the same work (one argon2 verification), and
 * count alike against the per-account and per-address failure limits (PostgreSQL counters).
 * Once a limit is reached the attempt is refused before any password is checked.
 */
export async function login(
  ctx: DomainCtx,
  input: { email: string; password: string; userAgent?: string },
  opts: LoginOptions = {},
): Promise<LoginResult> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const account = limiter(ctx.db, "login_account", limits.loginAccount);
  const byIp = limiter(ctx.db, "login_ip", limits.loginIp);
  const accountKey = normaliseKey(input.email);
  const wait = Math.max(await blockedFor(account, accountKey), opts.ip ? await blockedFor(byIp, opts.ip) : 0);
  if (wait > 0) return { ok: false, retryAfterMinutes: Math.ceil(wait / 60_000) };

  const user = await findLoginUser(ctx.db, input.email);
  const valid = user?.password_hash
    ? await verifyPassword(user.password_hash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!user || !valid || user.deactivated_at) {
    await hit(account, accountKey);
    if (opts.ip) await hit(byIp, opts.ip);
    return { ok: false };
  }
  return { ok: true, setCookie: await startSession(user.id, opts.userAgent ?? input.userAgent) };
}
