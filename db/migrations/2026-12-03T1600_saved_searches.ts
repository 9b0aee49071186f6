import { sql, type Kysely } from "kysely";

// Saved searches (issue 18): a person's named /search query with its filters (the canonical query
// string), whether to be told about new matches (off, in-app, in-app and the digest) and when the
// alert job last looked. One row per person and query: a double submit saves nothing twice.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("saved_searches")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("query", "text", (c) => c.notNull())
    .addColumn("alert", "text", (c) => c.notNull().defaultTo("off").check(sql`alert IN ('off','inapp','digest')`))
    .addColumn("last_checked_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("saved_searches_user_query_key", ["user_id", "query"])
    .execute();
  // The alert job walks the searches that want alerts, oldest check first.
  await sql`CREATE INDEX saved_searches_alert_idx ON saved_searches (last_checked_at) WHERE alert <> 'off'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("saved_searches").execute();
}
