import { sql, type Kysely } from "kysely";

// The title index's recency column by day instead of by timestamp: a one-word title scan over
// "the newest documents" then reads a few day lists instead of one entry per document
// (docs/decisions/2026-11-23-search-speed.md).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX search_documents_title_day_idx ON search_documents
            USING gin (to_tsvector('simple'::regconfig, title), ((updated_at AT TIME ZONE 'UTC')::date)) WHERE title <> ''`.execute(db);
  await sql`DROP INDEX IF EXISTS search_documents_title_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX search_documents_title_idx ON search_documents
            USING gin (to_tsvector('simple'::regconfig, title), updated_at) WHERE title <> ''`.execute(db);
  await sql`DROP INDEX IF EXISTS search_documents_title_day_idx`.execute(db);
}
