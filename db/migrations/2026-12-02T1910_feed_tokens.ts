import { sql, type Kysely } from "kysely";

// Private feeds (issue 14): a per-person secret in the feed URL, stored only as its SHA-256 hash.
// Revoking keeps the row (who/when); a person has at most one live secret.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("feed_tokens")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();
  await sql`CREATE UNIQUE INDEX feed_tokens_one_live_idx ON feed_tokens (user_id) WHERE revoked_at IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("feed_tokens").execute();
}
