import { sql, type Kysely } from "kysely";

// Search logging for the insights dashboard (issue 15): one row per search, with the normalised
// query, how many hits the searcher got, and the hour it happened — never the person, their
// session or their organisation. `ask_token` is a random value handed to the "ask a question"
// link on that results page; when a question is posted with it, `asked` becomes true and the
// token is cleared, so nothing ties the row to the thread afterwards. Rows older than
// RETENTION_SEARCH_LOG_DAYS are deleted by the housekeeping job.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("search_log")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("query", "text", (c) => c.notNull())
    .addColumn("hits", "integer", (c) => c.notNull())
    .addColumn("searched_at", "timestamptz", (c) => c.notNull())
    .addColumn("ask_token", "text")
    .addColumn("asked", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`CREATE INDEX search_log_time_idx ON search_log (searched_at)`.execute(db);
  await sql`CREATE UNIQUE INDEX search_log_ask_token_idx ON search_log (ask_token) WHERE ask_token IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("search_log").execute();
}
