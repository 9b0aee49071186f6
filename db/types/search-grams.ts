import type { Generated } from "kysely";

// Row types for the question ranking's character 4-grams (migration 2026-12-02T2200). The grams
// themselves are a generated column of search_documents, read only through raw SQL in search/postgres.

/** Document frequency of each 4-gram ("0ansv"), refreshed with search_lexeme_stats. */
export interface SearchGramStatsTable {
  gram: string;
  ndoc: number;
}

export interface SearchGramsTables {
  search_gram_stats: SearchGramStatsTable;
  search_changes: SearchChangesTable;
}

/** One row per statement that changed what search answers (migration 2026-12-02T2201). */
export interface SearchChangesTable {
  id: Generated<string>;
  at: Generated<Date>;
}
