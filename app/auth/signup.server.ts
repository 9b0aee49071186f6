import type { DomainCtx } from "../lib/ctx.server";
import { formError, type FieldErrors } from "../lib/forms.server";
import { once } from "../lib/idempotency.server";
import type { Locale } from "../lib/i18n/resources";
import { blockedFor, DEFAULT_LIMITS, hit, limiter, normaliseKey, type AuthLimits } from "../lib/rate-limit.server";
import { recordAudit } from "../moderation/audit.server";
import { findOrgByDomain } from "../orgs/orgs.repo.server";
import { findUserByEmail } from "../orgs/people.repo.server";
import { createAccount, sendAccountMail } from "./accounts.server";
import { startSession } from "./lucia.server";
import { hashPassword } from "./password.server";
import { newToken, tokenHashOf } from "./tokens.server";
import { consumeToken, findOpenToken, insertEmailToken } from "./tokens.repo.server";

export const SIGNUP_CONFIRM_HOURS = 24;

export type SignupResult = { ok: true } | { ok: false; errors: FieldErrors };

/**
 * Anyone: sign-up with an address at one of an organisation's domains. Nothing is created until
 * the emailed link is confirmed. Another domain gets a field error saying to ask one's own
 * organisation (never who the admins are). A new address and one that already has an account
 * get the same answer after the same work: the password is hashed and one mail goes out either
 * way (for an existing account, a mail pointing to sign-in and reset), so neither the page nor
 * its timing tells whether the address is registered.
 */
export async function requestSignup(
  ctx: DomainCtx,
  input: { email: string; name: string; password: string },
  opts: { locale: Locale; ip?: string | null; limits?: Partial<AuthLimits>; submission?: string | null },
): Promise<SignupResult> {
  const domain = input.email.split("@").pop()!.toLowerCase();
  const org = await findOrgByDomain(ctx.db, domain);
  if (!org) return { ok: false, errors: formError("email", "account:signup.unknownDomain", { domain }) };
  const limited = await mailLimited(ctx, input.email, opts);
  if (limited) return { ok: false, errors: formError("_form", "account:rateLimited", { minutes: limited }) };
  // Same work either way (always hash): an existing address must not answer faster.
  const [existing, passwordHash] = await Promise.all([findUserByEmail(ctx.db, input.email), hashPassword(input.password)]);
  const { token, hash } = newToken();
  // A resent form (same submission token and address) sends no second mail and makes no second
  // pending sign-up. The fingerprint never sees the password.
  let send = false;
  await ctx.db.transaction().execute((trx) => once(trx, { actor: null, form: "signup", token: opts.submission, payload: { email: input.email.toLowerCase(), name: input.name } }, async () => {
    send = true;
    if (existing) return { ok: true as const };
    await insertEmailToken(trx, {
      tokenHash: hash, purpose: "signup", email: input.email, orgId: org.id, name: input.name,
      passwordHash, locale: opts.locale,
      expiresAt: new Date(ctx.now.getTime() + SIGNUP_CONFIRM_HOURS * 3600_000),
    });
    return { ok: true as const };
  }));
  if (!send) return { ok: true };
  if (existing) await sendAccountMail(ctx.db, "signupExisting", input.email, opts.locale, { org: org.name }, "/reset");
  else await sendAccountMail(ctx.db, "signup", input.email, opts.locale, { org: org.name, name: input.name }, `/signup/confirm?token=${token}`);
  return { ok: true };
}

/** Counts one mail-sending request per address and per IP; returns minutes to wait when over. */
export async function mailLimited(ctx: DomainCtx, email: string, opts: { ip?: string | null; limits?: Partial<AuthLimits> }): Promise<number> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const account = limiter(ctx.db, "mail_account", limits.resetAccount);
  const byIp = limiter(ctx.db, "mail_ip", limits.resetIp);
  const key = normaliseKey(email);
  const wait = Math.max(await blockedFor(account, key), opts.ip ? await blockedFor(byIp, opts.ip) : 0);
  if (wait > 0) return Math.ceil(wait / 60_000);
  await hit(account, key);
  if (opts.ip) await hit(byIp, opts.ip);
  return 0;
}

/** Anyone holding the link: is it still open? (The confirm page shows a button; GET changes nothing.) */
export async function signupTokenIsOpen(ctx: DomainCtx, token: string): Promise<boolean> {
  const hash = tokenHashOf(token);
  return Boolean(hash && (await findOpenToken(ctx.db, hash, "signup", ctx.now)));
}

export type ConfirmResult = { ok: true; setCookie: string; orgSlug: string | null } | { ok: false; reason: "invalid" | "exists" };

/** Anyone holding the link: creates the account as a member of the domain's organisation and signs in. Single use. */
export async function confirmSignup(ctx: DomainCtx, token: string, userAgent = ""): Promise<ConfirmResult> {
  const hash = tokenHashOf(token);
  if (!hash) return { ok: false, reason: "invalid" };
  const result = await ctx.db.transaction().execute(async (trx) => {
    const row = await consumeToken(trx, hash, "signup", ctx.now);
    if (!row || !row.org_id || !row.password_hash) return { reason: "invalid" as const };
    if (await findUserByEmail(trx, row.email)) return { reason: "exists" as const };
    const user = await createAccount(trx, { email: row.email, name: row.name, passwordHash: row.password_hash, orgId: row.org_id, role: "member", locale: row.locale });
    await recordAudit(trx, { actorId: user.id, action: "membership.joined_by_domain", targetType: "membership", targetId: `${row.org_id}:${user.id}`, orgId: row.org_id, details: { email: row.email } });
    const org = await trx.selectFrom("organisations").select("slug").where("id", "=", row.org_id).executeTakeFirst();
    return { userId: user.id, orgSlug: org?.slug ?? null };
  });
  if (!("userId" in result) || !result.userId) return { ok: false, reason: "reason" in result && result.reason ? result.reason : "invalid" };
  return { ok: true, setCookie: await startSession(result.userId, userAgent), orgSlug: result.orgSlug ?? null };
}
