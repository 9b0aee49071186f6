import { sql, type Kysely } from "kysely";

// Search at a million documents (docs/decisions/2026-11-23-search-speed.md):
//  * the three vectors stay in the row instead of TOAST, so checking or ranking a match reads one
//    heap tuple (existing rows move when rewritten: `npm run search:reindex -- --compact`);
//  * title indexes for the candidates that win on title (phrase in the title, exact title); the
//    GIN one also holds updated_at (btree_gin), so "newest titles with this word" is one scan;
//  * prefix lookups in the document-frequency table, and recency marks (the updated_at of the
//    n-th most recently active document) to turn "the newest n documents" into a timestamp.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS btree_gin`.execute(db);
  await sql`ALTER TABLE search_documents SET (toast_tuple_target = 8160)`.execute(db);
  await sql`CREATE INDEX search_documents_title_idx ON search_documents
            USING gin (to_tsvector('simple'::regconfig, title), updated_at) WHERE title <> ''`.execute(db);
  await sql`CREATE INDEX search_documents_title_lower_idx ON search_documents (lower(title)) WHERE title <> ''`.execute(db);
  await sql`CREATE INDEX search_lexeme_stats_prefix_idx ON search_lexeme_stats (lexeme text_pattern_ops)`.execute(db);
  await sql`
    CREATE TABLE search_recency_marks (
      rank integer PRIMARY KEY,
      updated_at timestamptz NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("search_recency_marks").execute();
  await sql`DROP INDEX IF EXISTS search_lexeme_stats_prefix_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS search_documents_title_lower_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS search_documents_title_idx`.execute(db);
  await sql`ALTER TABLE search_documents RESET (toast_tuple_target)`.execute(db);
}
