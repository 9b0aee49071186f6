import type { DomainCtx } from "../lib/ctx.server";
import { formError, type FieldErrors } from "../lib/forms.server";
import { notFound } from "../lib/http.server";
import { recordAudit } from "../moderation/audit.server";
import { revokeApiTokensOf } from "../api/tokens.server";
import { canDeactivatePeople, canEditOwnSettings, canGrantNetworkRoles, canViewNetworkAdmin, canViewPerson, orgIdsOf } from "../policy";
import type { NetworkRole } from "../policy";
import {
  deleteSessionsOf, findUserByHandle, findUserById, membershipsOf, searchPeople, setDeactivatedRow, setNetworkRoleRow,
  updateLocale, updateProfile,
} from "./people.repo.server";

/** Signed-in person: stores their interface language. */
export async function setPreferredLocale(ctx: DomainCtx, locale: "sv" | "en") {
  if (!ctx.viewer) return;
  await updateLocale(ctx.db, ctx.viewer.id, locale);
}

/** Signed-in members: a person's profile with their primary organisation first. Others → 404. */
export async function getPersonProfile(ctx: DomainCtx, handle: string) {
  const p = await findUserByHandle(ctx.db, handle);
  if (!p || !canViewPerson(ctx.viewer, { deactivated: Boolean(p.deactivated_at) })) notFound();
  const orgs = await membershipsOf(ctx.db, p.id);
  const primary = orgs.find((o) => o.id === p.primary_org_id) ?? orgs[0] ?? null;
  return {
    handle: p.handle, name: p.name, title: p.title, networkRole: p.network_role, deactivated: Boolean(p.deactivated_at),
    primaryOrg: primary ? { slug: primary.slug, name: primary.name } : null,
    memberships: [...(primary ? [primary] : []), ...orgs.filter((o) => o !== primary)].map((o) => ({ slug: o.slug, name: o.name, role: o.role })),
    isSelf: ctx.viewer?.id === p.id,
  };
}

/** Signed-in person: their own editable settings and organisations. */
export async function getSettings(ctx: DomainCtx) {
  if (!canEditOwnSettings(ctx.viewer)) notFound();
  const me = await findUserById(ctx.db, ctx.viewer!.id);
  if (!me) notFound();
  const orgs = await membershipsOf(ctx.db, me.id);
  return { name: me.name, title: me.title, locale: me.locale ?? "", email: me.email, handle: me.handle, primaryOrgId: me.primary_org_id ?? orgs[0]?.id ?? "", orgs: orgs.map((o) => ({ id: o.id, name: o.name, role: o.role })) };
}

/** Signed-in person: name, title, language and primary organisation (one of their own). */
export async function updateSettings(
  ctx: DomainCtx,
  v: { name: string; title: string; locale: "sv" | "en" | null; primaryOrgId: string },
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  if (!canEditOwnSettings(ctx.viewer)) notFound();
  if (!orgIdsOf(ctx.viewer).includes(v.primaryOrgId)) return { ok: false, errors: formError("primaryOrgId", "account:settings.primaryOrgInvalid") };
  await updateProfile(ctx.db, ctx.viewer!.id, v);
  return { ok: true };
}

/** Network admin: people, filtered by name, email or handle (50 at most). */
export async function listPeople(ctx: DomainCtx, q: string) {
  if (!canViewNetworkAdmin(ctx.viewer)) notFound();
  const rows = await searchPeople(ctx.db, q);
  return rows.map((r) => ({ id: r.id, handle: r.handle, name: r.name, email: r.email, networkRole: r.network_role, deactivated: Boolean(r.deactivated_at), orgName: r.org_name, isSelf: r.id === ctx.viewer!.id }));
}

type Result = { ok: true } | { ok: false; errors: FieldErrors };

/** Network admin: grants or removes a network role (audited). Nobody removes their own admin role. */
export async function setNetworkRole(ctx: DomainCtx, userId: string, role: NetworkRole | null): Promise<Result> {
  if (!canGrantNetworkRoles(ctx.viewer)) notFound();
  const person = await findUserById(ctx.db, userId);
  if (!person) notFound();
  if (person.id === ctx.viewer!.id && role !== "admin") return { ok: false, errors: formError("networkRole", "orgs:errors.ownAdminRole") };
  if (person.network_role === role) return { ok: true };
  await ctx.db.transaction().execute(async (trx) => {
    await setNetworkRoleRow(trx, userId, role);
    await recordAudit(trx, { actorId: ctx.viewer!.id, action: "user.network_role_changed", targetType: "user", targetId: userId, orgId: null, details: { from: person.network_role, to: role } });
  });
  return { ok: true };
}

/** Network admin: the person a deactivation would affect (for its confirm step); null when not allowed, self or already off. */
export async function personToDeactivate(ctx: DomainCtx, userId: string) {
  if (!canDeactivatePeople(ctx.viewer)) return null;
  const person = await findUserById(ctx.db, userId);
  if (!person || person.deactivated_at || person.id === ctx.viewer!.id) return null;
  return { id: person.id, name: person.name, email: person.email };
}

/** Network admin: deactivates (ending every session in the same transaction) or reactivates a person (audited). */
export async function setDeactivated(ctx: DomainCtx, userId: string, deactivate: boolean): Promise<Result> {
  if (!canDeactivatePeople(ctx.viewer)) notFound();
  const person = await findUserById(ctx.db, userId);
  if (!person) notFound();
  if (person.id === ctx.viewer!.id) return { ok: false, errors: formError("userId", "orgs:errors.deactivateSelf") };
  if (Boolean(person.deactivated_at) === deactivate) return { ok: true };
  await ctx.db.transaction().execute(async (trx) => {
    await setDeactivatedRow(trx, userId, deactivate ? ctx.now : null);
    if (deactivate) await deleteSessionsOf(trx, userId);
    if (deactivate) await revokeApiTokensOf(trx, userId, ctx.now);
    await recordAudit(trx, { actorId: ctx.viewer!.id, action: deactivate ? "user.deactivated" : "user.reactivated", targetType: "user", targetId: userId, orgId: person.primary_org_id });
  });
  return { ok: true };
}
