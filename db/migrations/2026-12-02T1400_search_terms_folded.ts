import { sql, type Kysely } from "kysely";

// "kundtjanst" typed on an English keyboard should find "kundtjänst": the engine looks a word
// that no readable document holds up by its form without å/ä/ö (and é/ü), through this index.
// The fold is only used to look up corrections; the vectors keep å, ä and ö as letters of their
// own (docs/decisions/2026-12-02-search-quality.md).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX search_terms_folded_idx ON search_terms (translate(word, 'åäöéüæø', 'aaoeuao'), ndoc DESC)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS search_terms_folded_idx`.execute(db);
}
