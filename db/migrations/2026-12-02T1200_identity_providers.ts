import { sql, type Kysely } from "kysely";

// Sign-in through an organisation's own identity provider (OIDC, SAML), SCIM provisioning.
// Client secrets are stored only as AES-256-GCM ciphertext; SCIM tokens and login states only as
// SHA-256 hashes. Everything here belongs to the sso capability (app/sso, app/scim).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("identity_providers")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("org_id", "bigint", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("protocol", "text", (c) => c.notNull().check(sql`protocol IN ('oidc','saml')`))
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("enabled", "boolean", (c) => c.notNull().defaultTo(true))
    // OIDC: issuer (discovery at <issuer>/.well-known/openid-configuration), client, encrypted secret.
    .addColumn("issuer", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("client_id", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("client_secret_enc", "text")
    // SAML: the IdP's entity id, single sign-on URL and signing certificate (PEM, public).
    .addColumn("saml_entity_id", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("saml_sso_url", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("saml_cert", "text", (c) => c.notNull().defaultTo(""))
    // Claims → organisation and roles.
    .addColumn("role_claim", "text", (c) => c.notNull().defaultTo("groups"))
    .addColumn("role_map", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("default_role", "text", (c) => c.notNull().defaultTo("member").check(sql`default_role IN ('member','ambassador','moderator','admin')`))
    .addColumn("domain_fallback", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("identity_providers_org_idx").on("identity_providers").column("org_id").execute();

  // Entra ID multi-tenant: the token's tid selects the organisation.
  await db.schema
    .createTable("identity_provider_tenants")
    .addColumn("provider_id", "bigint", (c) => c.notNull().references("identity_providers.id").onDelete("cascade"))
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("org_id", "bigint", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("identity_provider_tenants_pk", ["provider_id", "tenant_id"])
    .execute();

  await db.schema
    .createTable("sso_org_policies")
    .addColumn("org_id", "bigint", (c) => c.primaryKey().references("organisations.id").onDelete("cascade"))
    .addColumn("require_sso", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // One row per started sign-in; consumed once (state and nonce cannot be replayed).
  await db.schema
    .createTable("sso_login_states")
    .addColumn("state_hash", "text", (c) => c.primaryKey())
    .addColumn("provider_id", "bigint", (c) => c.notNull().references("identity_providers.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) => c.notNull().check(sql`purpose IN ('login','test')`))
    .addColumn("tester_id", "bigint", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("code_verifier", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("nonce", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("redirect_to", "text", (c) => c.notNull().defaultTo("/"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .execute();

  // Who a provider's subject is here; an identity links to exactly one person.
  await db.schema
    .createTable("sso_identities")
    .addColumn("provider_id", "bigint", (c) => c.notNull().references("identity_providers.id").onDelete("cascade"))
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("tenant_id", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_login_at", "timestamptz")
    .addPrimaryKeyConstraint("sso_identities_pk", ["provider_id", "subject"])
    .execute();
  await db.schema.createIndex("sso_identities_user_idx").on("sso_identities").column("user_id").execute();

  // Sessions started through a provider, for RP-initiated logout (cascade with the session).
  await db.schema
    .createTable("sso_sessions")
    .addColumn("session_id", "text", (c) => c.primaryKey().references("sessions.id").onDelete("cascade"))
    .addColumn("provider_id", "bigint", (c) => c.notNull().references("identity_providers.id").onDelete("cascade"))
    .addColumn("id_token_hint", "text", (c) => c.notNull().defaultTo(""))
    .execute();

  // SCIM: bearer tokens per organisation (hash only) and the provisioned people.
  await db.schema
    .createTable("scim_tokens")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("org_id", "bigint", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("label", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await db.schema
    .createTable("scim_users")
    .addColumn("org_id", "bigint", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("external_id", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("user_name", "text", (c) => c.notNull())
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("role", "text", (c) => c.notNull().defaultTo("member").check(sql`role IN ('member','ambassador','moderator','admin')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("scim_users_pk", ["org_id", "user_id"])
    .execute();
  await sql`CREATE UNIQUE INDEX scim_users_name_idx ON scim_users (org_id, lower(user_name))`.execute(db);

  // SAML: our AuthnRequest ids (InResponseTo) and seen assertion ids (replay).
  await db.schema
    .createTable("saml_request_ids")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("provider_id", "bigint", (c) => c.notNull().references("identity_providers.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("saml_seen_assertions")
    .addColumn("assertion_id", "text", (c) => c.primaryKey())
    .addColumn("provider_id", "bigint", (c) => c.notNull().references("identity_providers.id").onDelete("cascade"))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["saml_seen_assertions", "saml_request_ids", "scim_users", "scim_tokens", "sso_sessions", "sso_identities", "sso_login_states", "sso_org_policies", "identity_provider_tenants", "identity_providers"]) {
    await db.schema.dropTable(t).execute();
  }
}
