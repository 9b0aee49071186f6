import type { DomainCtx } from "../lib/ctx.server";
import type { Locale } from "../lib/i18n/resources";
import type { AuthLimits } from "../lib/rate-limit.server";
import { deleteSessionsOf, findUserByEmail, findUserById, membershipsOf, setPasswordHash } from "../orgs/people.repo.server";
import { sendAccountMail } from "./accounts.server";
import { startSession } from "./lucia.server";
import { hashPassword } from "./password.server";
import { mailLimited } from "./signup.server";
import { newToken, tokenHashOf } from "./tokens.server";
import { consumeResetTokensOf, consumeToken, findOpenToken, insertEmailToken } from "./tokens.repo.server";

export const RESET_HOURS = 1;

/**
 * Anyone: emails a single-use reset link (valid 1 h) when the address belongs to an active
 * person, and otherwise a mail saying there is no such account (with the sign-up link). Either
 * way one mail goes out and the answer is the same, so neither the page nor its timing tells
 * whether the address is registered; limited per address and per IP.
 */
export async function requestReset(
  ctx: DomainCtx,
  email: string,
  opts: { locale: Locale; ip?: string | null; limits?: Partial<AuthLimits> },
): Promise<{ ok: true } | { ok: false; retryAfterMinutes: number }> {
  const wait = await mailLimited(ctx, email, opts);
  if (wait) return { ok: false, retryAfterMinutes: wait };
  const user = await findUserByEmail(ctx.db, email);
  if (!user || user.deactivated_at) {
    await sendAccountMail(ctx.db, "resetUnknown", email.trim(), opts.locale, {}, "/signup");
    return { ok: true };
  }
  const { token, hash } = newToken();
  await insertEmailToken(ctx.db, { tokenHash: hash, purpose: "reset", email: user.email, userId: user.id, expiresAt: new Date(ctx.now.getTime() + RESET_HOURS * 3600_000) });
  await sendAccountMail(ctx.db, "reset", user.email, user.locale ?? opts.locale, { name: user.name }, `/reset/${token}`);
  return { ok: true };
}

/** Anyone holding the link: is it still open? */
export async function resetTokenIsOpen(ctx: DomainCtx, token: string): Promise<boolean> {
  const hash = tokenHashOf(token);
  return Boolean(hash && (await findOpenToken(ctx.db, hash, "reset", ctx.now)));
}

/** Anyone holding the link: the address it was sent to while it is open, else null (for "require SSO"). */
export async function resetTokenEmail(ctx: DomainCtx, token: string): Promise<string | null> {
  const hash = tokenHashOf(token);
  const row = hash ? await findOpenToken(ctx.db, hash, "reset", ctx.now) : undefined;
  return row?.email ?? null;
}

/**
 * Anyone holding the link: sets the new password, ends every session of the person (same
 * transaction) and spends the link; signs in when the person is active with a membership.
 */
export async function completeReset(ctx: DomainCtx, token: string, password: string, userAgent = ""): Promise<{ ok: true; setCookie: string | null } | { ok: false }> {
  const hash = tokenHashOf(token);
  if (!hash) return { ok: false };
  const passwordHash = await hashPassword(password);
  const userId = await ctx.db.transaction().execute(async (trx) => {
    const row = await consumeToken(trx, hash, "reset", ctx.now);
    if (!row?.user_id) return null;
    await setPasswordHash(trx, row.user_id, passwordHash);
    await deleteSessionsOf(trx, row.user_id);
    await consumeResetTokensOf(trx, row.user_id, ctx.now);
    return row.user_id;
  });
  if (!userId) return { ok: false };
  const user = await findUserById(ctx.db, userId);
  const active = user && !user.deactivated_at && (await membershipsOf(ctx.db, userId)).length > 0;
  return { ok: true, setCookie: active ? await startSession(userId, userAgent) : null };
}
