import type { DomainCtx } from "../lib/ctx.server";
import { formError, type FieldErrors } from "../lib/forms.server";
import { notFound } from "../lib/http.server";
import { recordAudit } from "../moderation/audit.server";
import { findOrgBySlug } from "../orgs/orgs.repo.server";
import { canManageProvider, canManageSsoFor, canUseSsoAdmin, ssoAdminScope } from "../policy";
import {
  deleteProvider, findProviderBySlug, insertProvider, listProviders, replaceTenants, requireSsoOf, setRequireSso as setRequireSsoRow,
  slugInUse, updateProvider as updateProviderRow, type ProviderValues,
} from "./providers.repo.server";
import type { ProviderInput } from "./schemas";
import { encryptSecret } from "./secrets.server";
import type { IdentityProvider } from "./types";

type Result = { ok: true; slug: string } | { ok: false; errors: FieldErrors };

/** Network admins (all) and organisation admins (their own): the providers they manage. Secrets are never included. */
export async function listManagedProviders(ctx: DomainCtx): Promise<IdentityProvider[]> {
  if (!canUseSsoAdmin(ctx.viewer)) notFound();
  return listProviders(ctx.db, ssoAdminScope(ctx.viewer));
}

/** Same audience: one provider, or 404 when it is not theirs. */
export async function getManagedProvider(ctx: DomainCtx, slug: string): Promise<IdentityProvider & { requireSso: boolean }> {
  const p = await findProviderBySlug(ctx.db, slug);
  if (!p || !canManageProvider(ctx.viewer, p)) notFound();
  return { ...p, requireSso: await requireSsoOf(ctx.db, p.orgId) };
}

async function resolve(ctx: DomainCtx, input: ProviderInput): Promise<{ values: ProviderValues; tenants: { tenantId: string; orgId: string }[] } | { errors: FieldErrors }> {
  const org = await findOrgBySlug(ctx.db, input.orgSlug);
  if (!org || !canManageSsoFor(ctx.viewer, org.id)) return { errors: formError("orgSlug", "sso:errors.orgNotYours") };
  const tenants: { tenantId: string; orgId: string }[] = [];
  for (const t of input.tenants) {
    const o = await findOrgBySlug(ctx.db, t.orgSlug);
    if (!o || !canManageSsoFor(ctx.viewer, o.id)) return { errors: formError("tenants", "sso:errors.tenantOrg", { slug: t.orgSlug }) };
    tenants.push({ tenantId: t.tenantId, orgId: o.id });
  }
  const { orgSlug: _o, tenants: _t, clientSecret: _s, ...rest } = input;
  return { values: { ...rest, orgId: org.id }, tenants };
}

// What the audit log keeps of a configuration: everything but the secret.
const auditable = (v: ProviderValues, tenants: { tenantId: string; orgId: string }[], secretChanged: boolean) => ({
  ...v, tenants, samlCert: v.samlCert ? "(certificate)" : "", secretChanged,
});

/** Network admins, or admins of the provider's organisation: adds a provider (audited; the secret is stored encrypted). */
export async function createProvider(ctx: DomainCtx, input: ProviderInput): Promise<Result> {
  if (!canUseSsoAdmin(ctx.viewer)) notFound();
  const r = await resolve(ctx, input);
  if ("errors" in r) return { ok: false, errors: r.errors };
  if (await slugInUse(ctx.db, input.slug)) return { ok: false, errors: formError("slug", "sso:errors.slugTaken") };
  const enc = input.clientSecret ? encryptSecret(input.clientSecret) : null;
  await ctx.db.transaction().execute(async (trx) => {
    const id = await insertProvider(trx, r.values, enc);
    await replaceTenants(trx, id, r.tenants);
    await recordAudit(trx, { actorId: ctx.viewer!.id, action: "sso.provider_created", targetType: "identity_provider", targetId: id, orgId: r.values.orgId, details: auditable(r.values, r.tenants, Boolean(enc)) });
  });
  return { ok: true, slug: input.slug };
}

/** Same audience: changes a provider. An empty secret field keeps the stored secret. Audited. */
export async function updateProvider(ctx: DomainCtx, currentSlug: string, input: ProviderInput): Promise<Result> {
  const p = await getManagedProvider(ctx, currentSlug);
  const r = await resolve(ctx, input);
  if ("errors" in r) return { ok: false, errors: r.errors };
  if (await slugInUse(ctx.db, input.slug, p.id)) return { ok: false, errors: formError("slug", "sso:errors.slugTaken") };
  const enc = input.clientSecret ? encryptSecret(input.clientSecret) : undefined;
  await ctx.db.transaction().execute(async (trx) => {
    await updateProviderRow(trx, p.id, r.values, enc, ctx.now);
    await replaceTenants(trx, p.id, r.tenants);
    await recordAudit(trx, { actorId: ctx.viewer!.id, action: "sso.provider_updated", targetType: "identity_provider", targetId: p.id, orgId: r.values.orgId, details: auditable(r.values, r.tenants, enc !== undefined) });
  });
  return { ok: true, slug: input.slug };
}

/** Same audience: removes a provider; linked people keep their accounts. Audited. */
export async function removeProvider(ctx: DomainCtx, slug: string): Promise<void> {
  const p = await getManagedProvider(ctx, slug);
  await ctx.db.transaction().execute(async (trx) => {
    await deleteProvider(trx, p.id);
    await recordAudit(trx, { actorId: ctx.viewer!.id, action: "sso.provider_removed", targetType: "identity_provider", targetId: p.id, orgId: p.orgId, details: { slug: p.slug } });
  });
}

/** Network admins and the organisation's admins: turns "require SSO" on or off (audited). */
export async function setRequireSso(ctx: DomainCtx, orgSlug: string, on: boolean): Promise<void> {
  const org = await findOrgBySlug(ctx.db, orgSlug);
  if (!org || !canManageSsoFor(ctx.viewer, org.id)) notFound();
  await ctx.db.transaction().execute(async (trx) => {
    await setRequireSsoRow(trx, org.id, on, ctx.now);
    await recordAudit(trx, { actorId: ctx.viewer!.id, action: on ? "sso.required_on" : "sso.required_off", targetType: "organisation", targetId: org.id, orgId: org.id });
  });
}
