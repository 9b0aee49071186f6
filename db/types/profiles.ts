import type { ColumnType, Generated } from "kysely";

// Row types for expertise routing and evaluation nudges (snake_case; they stay inside repositories).

export interface QuestionRoutesTable {
  thread_id: string;
  user_id: string;
  tag_ids: ColumnType<string[], string[] | undefined, string[]>;
  routed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CaseNudgesTable {
  case_id: string;
  key: string;
  created_at: Generated<Date>;
}

export interface ProfilesTables {
  question_routes: QuestionRoutesTable;
  case_nudges: CaseNudgesTable;
}
