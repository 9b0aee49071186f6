import { sql, type Kysely } from "kysely";

// Personal access tokens for the JSON API (/api/v1). Only the SHA-256 hash of a token is kept;
// the token itself is shown once. A token acts as its owner (never more), with a scope (read or
// write) and an expiry; revoking sets revoked_at, so the list keeps what existed and when.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("api_tokens")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("scope", "text", (c) => c.notNull().check(sql`scope IN ('read', 'write')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await sql`CREATE INDEX api_tokens_user_idx ON api_tokens (user_id, id DESC)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("api_tokens").execute();
}
