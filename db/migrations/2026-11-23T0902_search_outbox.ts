import { sql, type Kysely } from "kysely";

// Search outbox: every content write adds a row in its own transaction; the indexing worker
// applies it to the external engine. Never read in a request path.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("search_outbox")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("doc_type", "text", (c) => c.notNull())
    .addColumn("doc_id", "text", (c) => c.notNull())
    .addColumn("op", "text", (c) => c.notNull().check(sql`op IN ('upsert','delete')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("processed_at", "timestamptz")
    .execute();
  await sql`CREATE INDEX search_outbox_pending_idx ON search_outbox (id) WHERE processed_at IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("search_outbox").execute();
}
