import type { Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database, OrgRole } from "../../db/types";
import type { IdentityProvider } from "./types";

type Tx = DB | Transaction<Database>;

// All Kysely code for provider configuration. The encrypted secret leaves this file only
// through secretOf (for the protocol client), never in a listing.

const COLUMNS = [
  "p.id", "p.slug", "p.org_id", "o.name as org_name", "o.slug as org_slug", "p.protocol", "p.display_name", "p.enabled", "p.issuer", "p.client_id",
  "p.client_secret_enc", "p.saml_entity_id", "p.saml_sso_url", "p.saml_cert", "p.role_claim", "p.role_map",
  "p.default_role", "p.domain_fallback", "p.updated_at",
] as const;

function base(db: Tx) {
  return db.selectFrom("identity_providers as p").innerJoin("organisations as o", "o.id", "p.org_id").select(COLUMNS);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>["executeTakeFirstOrThrow"]>>;

async function withTenants(db: Tx, rows: Row[]): Promise<IdentityProvider[]> {
  const ids = rows.map((r) => r.id);
  const tenants = ids.length
    ? await db
        .selectFrom("identity_provider_tenants as t")
        .innerJoin("organisations as o", "o.id", "t.org_id")
        .select(["t.provider_id", "t.tenant_id", "t.org_id", "o.slug"])
        .where("t.provider_id", "in", ids)
        .orderBy("t.tenant_id")
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id, slug: r.slug, orgId: r.org_id, orgName: r.org_name, orgSlug: r.org_slug, protocol: r.protocol, displayName: r.display_name,
    enabled: r.enabled, issuer: r.issuer, clientId: r.client_id, hasSecret: Boolean(r.client_secret_enc),
    samlEntityId: r.saml_entity_id, samlSsoUrl: r.saml_sso_url, samlCert: r.saml_cert, roleClaim: r.role_claim,
    roleMap: r.role_map ?? {}, defaultRole: r.default_role, domainFallback: r.domain_fallback,
    tenants: tenants.filter((t) => t.provider_id === r.id).map((t) => ({ tenantId: t.tenant_id, orgId: t.org_id, orgSlug: t.slug })),
    updatedAt: r.updated_at.toISOString(),
  }));
}

export async function listProviders(db: Tx, orgIds: string[] | "all"): Promise<IdentityProvider[]> {
  let q = base(db).orderBy("o.name").orderBy("p.display_name");
  if (orgIds !== "all") q = q.where("p.org_id", "in", orgIds.length ? orgIds : ["0"]);
  return withTenants(db, await q.execute());
}

export async function findProviderBySlug(db: Tx, slug: string): Promise<IdentityProvider | null> {
  const row = await base(db).where("p.slug", "=", slug).executeTakeFirst();
  return row ? (await withTenants(db, [row]))[0] : null;
}

export async function findProviderById(db: Tx, id: string): Promise<IdentityProvider | null> {
  const row = await base(db).where("p.id", "=", id).executeTakeFirst();
  return row ? (await withTenants(db, [row]))[0] : null;
}

export async function secretOf(db: Tx, id: string): Promise<string | null> {
  const r = await db.selectFrom("identity_providers").select("client_secret_enc").where("id", "=", id).executeTakeFirst();
  return r?.client_secret_enc ?? null;
}

/** Enabled providers whose organisation (or a tenant's organisation) owns the email domain. */
export function providersForDomain(db: Tx, domain: string) {
  return db
    .selectFrom("identity_providers as p")
    .innerJoin("organisations as o", "o.id", "p.org_id")
    .select(["p.slug", "p.org_id", "o.name as org_name"])
    .where("p.enabled", "=", true)
    .where((eb) => eb(eb.val(domain.toLowerCase()), "=", eb.fn.any("o.email_domains")))
    .orderBy("p.id")
    .execute();
}

/** Enabled providers with their organisation's name, for the buttons on the sign-in page. */
export function listLoginButtons(db: Tx) {
  return db
    .selectFrom("identity_providers as p")
    .innerJoin("organisations as o", "o.id", "p.org_id")
    .select(["p.slug", "o.name as org_name", "p.display_name"])
    .where("p.enabled", "=", true)
    .orderBy("o.name")
    .execute();
}

export type ProviderValues = {
  slug: string; orgId: string; protocol: "oidc" | "saml"; displayName: string; enabled: boolean; issuer: string; clientId: string;
  samlEntityId: string; samlSsoUrl: string; samlCert: string; roleClaim: string; roleMap: Record<string, OrgRole>;
  defaultRole: OrgRole; domainFallback: boolean;
};

const toRow = (v: ProviderValues) => ({
  slug: v.slug, org_id: v.orgId, protocol: v.protocol, display_name: v.displayName, enabled: v.enabled, issuer: v.issuer,
  client_id: v.clientId, saml_entity_id: v.samlEntityId, saml_sso_url: v.samlSsoUrl, saml_cert: v.samlCert,
  role_claim: v.roleClaim, role_map: JSON.stringify(v.roleMap) as never, default_role: v.defaultRole, domain_fallback: v.domainFallback,
});

export async function insertProvider(db: Tx, v: ProviderValues, secretEnc: string | null): Promise<string> {
  const r = await db.insertInto("identity_providers").values({ ...toRow(v), client_secret_enc: secretEnc }).returning("id").executeTakeFirstOrThrow();
  return r.id;
}

/** secretEnc undefined keeps the stored secret (the form never shows it). */
export async function updateProvider(db: Tx, id: string, v: ProviderValues, secretEnc: string | undefined, now: Date) {
  await db
    .updateTable("identity_providers")
    .set({ ...toRow(v), updated_at: now, ...(secretEnc !== undefined ? { client_secret_enc: secretEnc } : {}) })
    .where("id", "=", id)
    .execute();
}

export async function deleteProvider(db: Tx, id: string) {
  await db.deleteFrom("identity_providers").where("id", "=", id).execute();
}

export async function replaceTenants(db: Tx, providerId: string, tenants: { tenantId: string; orgId: string }[]) {
  await db.deleteFrom("identity_provider_tenants").where("provider_id", "=", providerId).execute();
  if (tenants.length) {
    await db.insertInto("identity_provider_tenants").values(tenants.map((t) => ({ provider_id: providerId, tenant_id: t.tenantId, org_id: t.orgId }))).execute();
  }
}

export async function slugInUse(db: Tx, slug: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom("identity_providers").select("id").where("slug", "=", slug);
  if (exceptId) q = q.where("id", "!=", exceptId);
  return Boolean(await q.executeTakeFirst());
}

export async function requireSsoOf(db: Tx, orgId: string): Promise<boolean> {
  const r = await db.selectFrom("sso_org_policies").select("require_sso").where("org_id", "=", orgId).executeTakeFirst();
  return r?.require_sso ?? false;
}

export async function setRequireSso(db: Tx, orgId: string, on: boolean, now: Date) {
  await db
    .insertInto("sso_org_policies")
    .values({ org_id: orgId, require_sso: on, updated_at: now })
    .onConflict((oc) => oc.column("org_id").doUpdateSet({ require_sso: on, updated_at: now }))
    .execute();
}

/** The organisation owning an email domain when it requires SSO, with a provider to point to. */
export function requiredSsoForDomain(db: Tx, domain: string) {
  return db
    .selectFrom("organisations as o")
    .innerJoin("sso_org_policies as s", "s.org_id", "o.id")
    .innerJoin("identity_providers as p", (j) => j.onRef("p.org_id", "=", "o.id").on("p.enabled", "=", true))
    .select(["o.id", "o.name", "p.slug"])
    .where("s.require_sso", "=", true)
    .where((eb) => eb(eb.val(domain.toLowerCase()), "=", eb.fn.any("o.email_domains")))
    .orderBy("p.id")
    .executeTakeFirst();
}

export function orgByDomain(db: Tx, domain: string) {
  return db
    .selectFrom("organisations")
    .select(["id", "name"])
    .where((eb) => eb(eb.val(domain.toLowerCase()), "=", eb.fn.any("email_domains")))
    .executeTakeFirst();
}

export function orgNameOf(db: Tx, orgId: string) {
  return db.selectFrom("organisations").select(["id", "name", "slug"]).where("id", "=", orgId).executeTakeFirst();
}
