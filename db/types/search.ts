import type { ColumnType, Generated } from "kysely";

// Row types for the search tables (snake_case; they stay inside the search engine).

type Arr<T> = ColumnType<T[], T[] | undefined, T[]>;

export interface SearchDocumentsTable {
  doc_type: "thread" | "post" | "case";
  doc_id: string;
  kind: "question" | "discussion" | "case";
  group_key: string;
  parent_id: string | null;
  slug: Generated<string>;
  /** Where the item is shown, e.g. /t/12-slug#p3 or /cases/4-slug. */
  path: Generated<string>;
  title: Generated<string>;
  parent_title: Generated<string>;
  summary: Generated<string>;
  body: Generated<string>;
  extra_terms: Generated<string>;
  /** [{ name, text }] of the parent's indexable attachments (migration 2026-12-02T1810). */
  attachments: ColumnType<{ name: string; text: string }[], string | undefined, string>;
  attachment_text: Generated<string>;
  tags: Arr<string>;
  tag_text: Generated<string>;
  areas: Arr<string>;
  org_id: string;
  visibility: "organisation" | "network" | "public";
  shared_org_ids: Arr<string>;
  status: string | null;
  solved: boolean | null;
  accepted: Generated<boolean>;
  reply_count: Generated<number>;
  language: Generated<string>;
  created_at: ColumnType<Date, Date | string, Date | string>;
  updated_at: ColumnType<Date, Date | string, Date | string>;
  indexed_at: Generated<Date>;
  tsv_sv: ColumnType<string, never, never>;
  tsv_en: ColumnType<string, never, never>;
  tsv_simple: ColumnType<string, never, never>;
  /** Character 4-grams of the text (migration 2026-12-02T2200), a generated column. */
  grams: ColumnType<string | null, never, never>;
}

export interface SearchTermsTable {
  word: string;
  ndoc: Generated<number>;
}

export interface SearchLexemeStatsTable {
  lexeme: string;
  ndoc: number;
}

/** The updated_at of the rank-th most recently active document (powers of two), for recency ranges. */
export interface SearchRecencyMarksTable {
  rank: number;
  updated_at: Date;
}

/** Admin-managed synonym groups (lower-cased words or short phrases); soft-deleted. */
export interface SearchSynonymsTable {
  id: Generated<string>;
  terms: string[];
  created_by: string | null;
  created_at: Generated<Date>;
  deleted_by: string | null;
  deleted_at: Date | null;
}

export interface SearchTables {
  search_documents: SearchDocumentsTable;
  search_terms: SearchTermsTable;
  search_lexeme_stats: SearchLexemeStatsTable;
  search_recency_marks: SearchRecencyMarksTable;
  search_synonyms: SearchSynonymsTable;
}
