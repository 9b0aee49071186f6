import { z } from "zod";
import type { DomainCtx } from "../lib/ctx.server";
import { blockedFor, blockFor, DEFAULT_LIMITS, hit, limiter, normaliseKey, type AuthLimits } from "../lib/rate-limit.server";
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

/** The (account, client address) pair whose failures slow down only that pair. */
export const loginPairKey = (email: string, ip: string | null | undefined) => `${normaliseKey(email)}|${ip || "-"}`;

/**
 * Anyone: checks the password and starts a session. An unknown email, a wrong password and a
 * deactivated account give the same answer after the same work (one argon2 verification), and
 * count alike. Failures slow down one (account, address) pair progressively and count against a
 * generous per-address limit; neither lets anyone on another address lock the account's owner out.
 * While a pair or address must wait, the attempt is refused before any password is checked.
 */
export async function login(
  ctx: DomainCtx,
  input: { email: string; password: string; userAgent?: string },
  opts: LoginOptions = {},
): Promise<LoginResult> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const pairs = limiter(ctx.db, "login_pair", limits.loginPair);
  const pairWaits = limiter(ctx.db, "login_pair_wait", { points: 1, durationSeconds: limits.loginMaxDelaySeconds });
  const byIp = limiter(ctx.db, "login_ip", limits.loginIp);
  const pairKey = loginPairKey(input.email, opts.ip);
  const wait = Math.max(await blockedFor(pairWaits, pairKey), opts.ip ? await blockedFor(byIp, opts.ip) : 0);
  if (wait > 0) return { ok: false, retryAfterMinutes: Math.ceil(wait / 60_000) };

  const user = await findLoginUser(ctx.db, input.email);
  const valid = user?.password_hash
    ? await verifyPassword(user.password_hash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!user || !valid || user.deactivated_at) {
    const failures = await hit(pairs, pairKey);
    if (failures > limits.loginPair.points) {
      const over = failures - limits.loginPair.points; // 1, 2, 3 … → 2 s, 4 s, 8 s …
      await blockFor(pairWaits, pairKey, Math.min(2 ** over, limits.loginMaxDelaySeconds));
    }
    if (opts.ip) await hit(byIp, opts.ip);
    return { ok: false };
  }
  return { ok: true, setCookie: await startSession(user.id, opts.userAgent ?? input.userAgent) };
}
