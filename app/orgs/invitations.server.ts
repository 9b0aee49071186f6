import { canInvite, canManageMembers } from "../policy";
import { formError, type FieldErrors } from "../lib/forms.server";
import { notFound } from "../lib/http.server";
import { once } from "../lib/idempotency.server";
import { i18nFor } from "../lib/i18n/i18n";
import type { Locale } from "../lib/i18n/resources";
import { recordAudit } from "../moderation/audit.server";
import { recordEvent } from "../events/events.server";
import { createAccount, sendAccountMail } from "../auth/accounts.server";
import { startSession } from "../auth/lucia.server";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "../auth/password.server";
import { newToken, tokenHashOf } from "../auth/tokens.server";
import { addMembership, findMembership, findOrgBySlug } from "./orgs.repo.server";
import { claimInvitation, findOpenInvitation, findUsedInvitation, insertInvitation, revokeInvitationRow, revokeOpenInvitations } from "./invitations.repo.server";
import { findLoginUser, findUserByEmail } from "./people.repo.server";
import type { Ctx } from "./orgs.server";
import type { OrgRole } from "./types";

export const INVITATION_DAYS = 7;

/**
 * Organisation admins (and network admins): invites an address with a role. The emailed link is
 * single-use and expires in 7 days; only its hash is stored. A new invitation replaces an open one.
 * A resend of the same form (its submission token) makes no second invitation or mail: `token` is
 * then null (the link went out with the first).
 */
export async function createInvitation(
  ctx: Ctx,
  slug: string,
  input: { email: string; role: OrgRole },
  locale: Locale,
  opts: { submission?: string | null } = {},
): Promise<{ ok: true; token: string | null } | { ok: false; errors: FieldErrors }> {
  const org = await findOrgBySlug(ctx.db, slug);
  if (!org || !canInvite(ctx.viewer, org.id)) notFound();
  const now = ctx.now ?? new Date();
  const existing = await findUserByEmail(ctx.db, input.email);
  if (existing && (await findMembership(ctx.db, org.id, existing.id))) return { ok: false, errors: formError("email", "orgs:errors.alreadyMember") };
  if (existing?.deactivated_at) return { ok: false, errors: formError("email", "orgs:errors.deactivatedPerson") };
  const { token, hash } = newToken();
  let made = false;
  const payload = { orgId: org.id, email: input.email.toLowerCase(), role: input.role };
  await ctx.db.transaction().execute((trx) => once(trx, { actor: ctx.viewer!.id, form: "invitation", token: opts.submission, payload }, async () => {
    await revokeOpenInvitations(trx, org.id, input.email, now);
    const inv = await insertInvitation(trx, {
      orgId: org.id, email: input.email, role: input.role, tokenHash: hash, invitedBy: ctx.viewer!.id,
      expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86400_000),
    });
    await recordAudit(trx, { actorId: ctx.viewer!.id, action: "invitation.created", targetType: "invitation", targetId: inv.id, orgId: org.id, details: { email: input.email, role: input.role } });
    made = true;
    return { ok: true as const, invitationId: inv.id }; // never the link itself: only its hash is kept
  }));
  if (!made) return { ok: true, token: null };
  await sendAccountMail(ctx.db, "invitation", input.email, locale, { org: org.name, inviter: ctx.viewer!.name, role: roleLabel(locale, input.role) }, `/invite/${token}`);
  return { ok: true, token };
}

const roleLabel = (locale: Locale, role: OrgRole) => i18nFor(locale).t(`orgs:rolesInline.${role}`);

/** Organisation admins: withdraws a pending invitation (audited). */
export async function revokeInvitation(ctx: Ctx, slug: string, invitationId: string): Promise<void> {
  const org = await findOrgBySlug(ctx.db, slug);
  if (!org || !canManageMembers(ctx.viewer, org.id)) notFound();
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await revokeInvitationRow(trx, org.id, invitationId, ctx.now ?? new Date()))) notFound();
    await recordAudit(trx, { actorId: ctx.viewer!.id, action: "invitation.revoked", targetType: "invitation", targetId: invitationId, orgId: org.id });
  });
}

export type InvitationView =
  | { state: "invalid" }
  | { state: "used"; orgName: string; orgSlug: string }
  | { state: "valid"; orgName: string; orgSlug: string; role: OrgRole; email: string; hasAccount: boolean; deactivated: boolean };

/** Anyone holding the link: what the invitation offers. Used → "used" (sign in instead); revoked, expired or unknown → invalid. */
export async function viewInvitation(ctx: Ctx, token: string): Promise<InvitationView> {
  const hash = tokenHashOf(token);
  const inv = hash ? await findOpenInvitation(ctx.db, hash, ctx.now ?? new Date()) : undefined;
  if (!inv) {
    const used = hash ? await findUsedInvitation(ctx.db, hash) : undefined;
    return used ? { state: "used", orgName: used.org_name, orgSlug: used.org_slug } : { state: "invalid" };
  }
  const user = await findUserByEmail(ctx.db, inv.email);
  return { state: "valid", orgName: inv.org_name, orgSlug: inv.org_slug, role: inv.role, email: inv.email, hasAccount: Boolean(user), deactivated: Boolean(user?.deactivated_at) };
}

export type AcceptResult = { ok: true; setCookie: string; orgSlug: string } | { ok: false; invalid?: true; errors: FieldErrors };

/**
 * Anyone holding the link: accepts once. A new address gets an account (name + password); an
 * existing person proves it is them with their password and gains the membership. Signs in.
 */
export async function acceptInvitation(
  ctx: Ctx,
  token: string,
  input: { name?: string; password: string; locale: Locale },
  userAgent = "",
): Promise<AcceptResult> {
  const now = ctx.now ?? new Date();
  const hash = tokenHashOf(token);
  const inv = hash ? await findOpenInvitation(ctx.db, hash, now) : undefined;
  if (!inv) return { ok: false, invalid: true, errors: formError("_form", "account:invite.invalid") };
  const login = await findLoginUser(ctx.db, inv.email);
  if (login?.deactivated_at) return { ok: false, errors: formError("_form", "account:invite.deactivated") };
  if (login) {
    const stored = login.password_hash;
    const ok = stored ? await verifyPassword(stored, input.password) : await verifyAgainstDummy(input.password);
    if (!ok) return { ok: false, errors: formError("password", "account:invite.wrongPassword") };
  } else if (!input.name) {
    return { ok: false, errors: formError("name", "form.required") };
  }
  const passwordHash = login ? null : await hashPassword(input.password);
  const userId = await ctx.db.transaction().execute(async (trx) => {
    if (!(await claimInvitation(trx, inv.id, now))) return null;
    let id = login?.id;
    if (id) await addMembership(trx, inv.org_id, id, inv.role);
    else id = (await createAccount(trx, { email: inv.email, name: input.name!, passwordHash: passwordHash!, orgId: inv.org_id, role: inv.role, locale: input.locale })).id;
    if (inv.invited_by) await recordEvent(trx, { type: "invitation.accepted", actorId: id, orgId: inv.org_id, invitedBy: inv.invited_by });
    await recordAudit(trx, { actorId: id, action: "invitation.accepted", targetType: "membership", targetId: `${inv.org_id}:${id}`, orgId: inv.org_id, details: { invitationId: inv.id, role: inv.role, newAccount: !login } });
    return id;
  });
  if (!userId) return { ok: false, invalid: true, errors: formError("_form", "account:invite.invalid") };
  return { ok: true, setCookie: await startSession(userId, userAgent), orgSlug: inv.org_slug };
}
