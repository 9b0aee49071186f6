import type { Generated } from "kysely";

// Row types for the moderation tables (snake_case; they stay inside repositories).
export type TargetType = "thread" | "post" | "case";
export type FlagReason = "off_topic" | "inappropriate" | "personal_data" | "spam" | "other";
export type FlagStatus = "open" | "dismissed" | "actioned";

export interface FlagsTable {
  id: Generated<string>;
  target_type: TargetType;
  target_id: string;
  reporter_id: string;
  reason: FlagReason;
  text: Generated<string>;
  status: Generated<FlagStatus>;
  handled_by: string | null;
  handled_at: Date | null;
  created_at: Generated<Date>;
}

export interface BestPracticeMarksTable {
  id: Generated<string>;
  target_type: "thread" | "case";
  target_id: string;
  curator_id: string;
  note: string;
  marked_at: Generated<Date>;
  unmarked_at: Date | null;
  unmarked_by: string | null;
}

export interface ModeratorEditsTable {
  id: Generated<string>;
  target_type: TargetType;
  target_id: string;
  field: string;
  old_text: string;
  new_text: string;
  editor_id: string;
  reason: string;
  created_at: Generated<Date>;
}

export interface RedactionsTable {
  id: Generated<string>;
  target_type: TargetType;
  target_id: string;
  redactor_id: string;
  reason: string;
  fields: string[];
  revisions_touched: Generated<number>;
  created_at: Generated<Date>;
}

export type NoticeKind = "hidden" | "restored" | "edited" | "redacted" | "locked" | "moved" | "merged";
export interface ModerationNoticesTable {
  id: Generated<string>;
  user_id: string;
  target_type: TargetType;
  target_id: string;
  kind: NoticeKind;
  reason: Generated<string>;
  review_requested_at: Date | null;
  created_at: Generated<Date>;
}

export interface DisposalsTable {
  id: Generated<string>;
  target_type: TargetType;
  target_id: string;
  org_id: string | null;
  decision_ref: string;
  title: Generated<string>;
  disposed_by: string;
  disposed_at: Generated<Date>;
}

export interface ModerationTables {
  flags: FlagsTable;
  best_practice_marks: BestPracticeMarksTable;
  moderator_edits: ModeratorEditsTable;
  redactions: RedactionsTable;
  moderation_notices: ModerationNoticesTable;
  disposals: DisposalsTable;
}
