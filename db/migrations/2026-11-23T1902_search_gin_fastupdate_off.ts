import { sql, type Kysely } from "kysely";

// Searches read every GIN index's pending list (up to 4 MB of unsorted new entries) until vacuum
// merges it: a few milliseconds on every search, per index. Search is read far more often than
// written, so new entries go straight into the index instead; the lists are flushed once here
// (docs/decisions/2026-11-23-search-speed.md).
const INDEXES = ["search_documents_sv_idx", "search_documents_en_idx", "search_documents_simple_idx", "search_documents_title_day_idx"];

export async function up(db: Kysely<any>): Promise<void> {
  for (const ix of INDEXES) {
    await sql`ALTER INDEX ${sql.id(ix)} SET (fastupdate = off)`.execute(db);
    await sql`SELECT gin_clean_pending_list(${ix}::regclass)`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const ix of INDEXES) await sql`ALTER INDEX ${sql.id(ix)} RESET (fastupdate)`.execute(db);
}
