import type { ColumnType, Generated } from "kysely";

// Row types for the cases tables (snake_case; they stay inside repositories).
// `date` columns arrive from pg as a Date at local midnight; written as "YYYY-MM-DD".
/** A NOT NULL `date` column without a default: read as a Date, written as "YYYY-MM-DD". */
export type DateCol = ColumnType<Date, string, string>;
export type NullableDate = ColumnType<Date | null, string | null | undefined, string | null>;

export type CaseArea =
  | "customer_service" | "hr" | "purchasing" | "internal_admin" | "health_social_care"
  | "schools" | "urban_planning" | "it" | "law_ethics" | "security";
export type CaseTechnique =
  | "generative_llm" | "classification" | "prediction" | "document_ocr" | "chatbot_assistant"
  | "speech" | "rpa_ai" | "other";
export type CaseStatus = "idea" | "exploring" | "pilot" | "production" | "scaled" | "paused" | "ended";
export type CaseEvaluated = "no" | "own_followup" | "formal";
export type AiActRisk = "minimal" | "limited" | "high" | "unacceptable" | "not_assessed";
export type CaseState = "draft" | "published";
export type AdoptionStatus = "adopted" | "trying";

export interface CasesTable {
  id: Generated<string>;
  org_id: string;
  visibility: "organisation" | "network" | "public";
  shared_org_ids: ColumnType<string[], string[] | undefined, string[]>;
  state: Generated<CaseState>;
  language: Generated<"sv" | "en">;
  title: string;
  slug: Generated<string>;
  summary: Generated<string>;
  department: Generated<string>;
  suppliers: Generated<string>;
  area: CaseArea | null;
  techniques: ColumnType<CaseTechnique[], CaseTechnique[] | undefined, CaseTechnique[]>;
  tool: Generated<string>;
  status: CaseStatus | null;
  start_date: NullableDate;
  last_updated: NullableDate;
  review_by: NullableDate;
  problem: Generated<string>;
  approach: Generated<string>;
  outcomes: Generated<string>;
  evaluated: CaseEvaluated | null;
  evaluation_method: Generated<string>;
  lessons: Generated<string>;
  personal_data: boolean | null;
  dpia_done: boolean | null;
  ai_act_risk: AiActRisk | null;
  info_classification: Generated<string>;
  human_oversight: Generated<string>;
  data_used: Generated<string>;
  reuse_needs: Generated<string>;
  contact_user_id: string | null;
  functional_mailbox: Generated<string>;
  source_thread_id: string | null;
  discussion_thread_id: string | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  published_at: Date | null;
  deleted_at: Date | null;
  hidden_at: Date | null;
  hidden_by: string | null;
  hidden_reason: string | null;
  outdated_note: string | null;
  /** Kept by a trigger (migration 2026-12-02T1302): when the status last changed, when the outcomes did. */
  status_since: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  outcomes_changed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Generated from created_by (the moderation capability's name for it). */
  author_id: ColumnType<string, never, never>;
}

export interface CasePartnersTable {
  case_id: string;
  org_id: string;
}

export interface CaseFiguresTable {
  id: Generated<string>;
  case_id: string;
  position: number;
  label: string;
  value: ColumnType<string, string | number, string | number>;
  unit: Generated<string>;
}

export interface CaseLinksTable {
  id: Generated<string>;
  case_id: string;
  position: number;
  label: string;
  url: string;
}

export interface CaseTagsTable {
  case_id: string;
  tag_id: string;
}

export interface CaseRevisionsTable {
  id: Generated<string>;
  case_id: string;
  editor_id: string | null;
  action: string;
  snapshot: ColumnType<Record<string, unknown>, string, string>;
  created_at: Generated<Date>;
}

export interface AdoptionsTable {
  id: Generated<string>;
  case_id: string;
  org_id: string;
  status: AdoptionStatus;
  adopted_on: DateCol;
  note: Generated<string>;
  derived_case_id: string | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CasesTables {
  cases: CasesTable;
  case_partners: CasePartnersTable;
  case_figures: CaseFiguresTable;
  case_links: CaseLinksTable;
  case_tags: CaseTagsTable;
  case_revisions: CaseRevisionsTable;
  adoptions: AdoptionsTable;
}
