import type { ColumnType, Generated } from "kysely";

export interface FeedTokensTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export type WebhookEventType = "case.published" | "case.updated" | "adoption.recorded" | "thread.created" | "answer.accepted";

export interface WebhookEndpointsTable {
  id: Generated<string>;
  org_id: string;
  url: string;
  description: ColumnType<string, string | undefined, string>;
  secret: string;
  events: ColumnType<string[], string[], string[]>;
  consecutive_failures: ColumnType<number, number | undefined, number>;
  disabled_at: Date | null;
  disabled_reason: string | null;
  created_by: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  deleted_at: Date | null;
  deleted_by: string | null;
}

export interface WebhookOrgSettingsTable {
  org_id: string;
  allow_private: boolean;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface WebhookMessagesTable {
  id: Generated<string>;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  state: ColumnType<"pending" | "delivered" | "failed" | "skipped", "pending" | undefined, "pending" | "delivered" | "failed" | "skipped">;
  attempts: ColumnType<number, number | undefined, number>;
  created_at: ColumnType<Date, Date | undefined, never>;
  finished_at: Date | null;
}

export interface WebhookAttemptsTable {
  id: Generated<string>;
  message_id: string;
  attempt: number;
  status_code: number | null;
  ok: boolean;
  error: string | null;
  duration_ms: number;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface FeedsHooksTables {
  feed_tokens: FeedTokensTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_org_settings: WebhookOrgSettingsTable;
  webhook_messages: WebhookMessagesTable;
  webhook_attempts: WebhookAttemptsTable;
}
