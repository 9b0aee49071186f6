import type { ColumnType, Generated } from "kysely";

// Row types for the insights capability (snake_case; they stay inside repositories).

/** One search, without the person (migration 2026-12-02T2100). */
export interface SearchLogTable {
  id: Generated<string>;
  query: string;
  hits: number;
  /** Cut to the hour, so the time alone does not point at one search. */
  searched_at: ColumnType<Date, Date | string, Date | string>;
  ask_token: string | null;
  asked: Generated<boolean>;
}

export interface InsightsTables {
  search_log: SearchLogTable;
}
