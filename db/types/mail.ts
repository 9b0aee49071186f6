import type { ColumnType, Generated } from "kysely";

type Cadence = "immediately" | "daily" | "weekly" | "never";

export interface MailPreferencesTable {
  user_id: string;
  kind: string;
  cadence: Cadence;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface MailConsentsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  cadence: Cadence;
  source: "settings" | "unsubscribe";
  recorded_at: ColumnType<Date, Date | undefined, never>;
}

export interface MailOutboxTable {
  id: Generated<string>;
  user_id: string;
  type: "notification" | "digest";
  dedupe_key: string;
  payload: ColumnType<unknown, string, string>;
  created_at: ColumnType<Date, Date | undefined, never>;
  sent_at: Date | null;
  skipped_at: Date | null;
  failed_at: Date | null;
  error: string | null;
}

export interface DigestRunsTable {
  user_id: string;
  cadence: "daily" | "weekly";
  last_run_at: Date;
}

export interface MailTables {
  mail_preferences: MailPreferencesTable;
  mail_consents: MailConsentsTable;
  mail_outbox: MailOutboxTable;
  digest_runs: DigestRunsTable;
}
