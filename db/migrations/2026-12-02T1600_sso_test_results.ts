import { sql, type Kysely } from "kysely";

// "Test this connection" for SAML: the IdP posts to the ACS cross-site, where the admin's session
// cookie is not sent, so the claims received wait here for the admin who started the test, under
// the hash of a single-use token, and are deleted when shown (or after ten minutes).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sso_test_results")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("provider_id", "bigint", (c) => c.notNull().references("identity_providers.id").onDelete("cascade"))
    .addColumn("tester_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("claims", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("sso_test_results").execute();
}
