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

/** Materialised per-question facts (migration 2026-12-02T2101), refreshed by insights_refresh. */
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
}

export interface InsightsTables {
  search_log: SearchLogTable;
  insight_question_facts: InsightQuestionFactsView;
}
