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

/** Materialised per-question facts (migrations 2026-12-02T2101, 2026-12-03T1700), refreshed by insights_refresh. */
export interface InsightQuestionFactsView {
  thread_id: string;
  id: string;
  kind: "question";
  org_id: string;
  visibility: "organisation" | "network" | "public";
  shared_org_ids: string[];
  author_id: string;
  created_at: Date;
  hidden_at: Date | null;
  deleted_at: Date | null;
  accepted_post_id: string | null;
  first_answer_at: Date | null;
  accepted_at: Date | null;
  answers: number | null;
  cross_answers: number | null;
  /** 'YYYY-MM' of created_at in Stockholm. */
  month: string;
  /** Hours from the question to its first live answer / its accepted answer. */
  first_h: number | null;
  accepted_h: number | null;
  /** The distinct areas of the question's tags. */
  areas: string[];
}

/** The search log summed per normalised query and Stockholm month (migration 2026-12-03T1700). */
export interface InsightSearchMonthsView {
  query: string;
  month: string;
  n: number;
  max_hits: number;
  sum_hits: string;
  asked: number;
}

/** Live questions summed per cell (migration 2026-12-03T1700): see the migration for the columns. */
export interface InsightQuestionCellsView {
  month: string;
  org_id: string;
  visibility: "organisation" | "network" | "public";
  shared_org_ids: string[];
  areas: string[];
  /** The thread id only for a case discussion (its read rule also reads the case); else NULL. */
  id: string | null;
  hidden_at: Date | null;
  deleted_at: Date | null;
  author_id: string | null;
  first_h: number | null;
  accepted_h: number | null;
  n: number;
  solved: number;
  answers: number;
  cross_answers: number;
}

export interface InsightsTables {
  search_log: SearchLogTable;
  insight_question_facts: InsightQuestionFactsView;
  insight_search_months: InsightSearchMonthsView;
  insight_question_cells: InsightQuestionCellsView;
}
