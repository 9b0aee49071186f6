import type { ColumnType, Generated } from "kysely";

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Id = Generated<string>;

export type OrgKind = "region" | "municipality" | "agency" | "company" | "research_institute";
export type OrgRole = "member" | "ambassador" | "moderator" | "admin";
export type NetworkRole = "moderator" | "admin";

export interface OrganisationsTable {
  id: Id;
  slug: string;
  name: string;
  kind: OrgKind;
  email_domains: string[];
  description: Generated<string>;
  created_at: Generated<Date>;
}

export interface UsersTable {
  id: Id;
  email: string;
  handle: string;
  name: string;
  title: Generated<string>;
  locale: "sv" | "en" | null;
  password_hash: string | null;
  primary_org_id: string | null;
  network_role: NetworkRole | null;
  email_verified_at: Date | null;
  deactivated_at: Date | null;
  created_at: Generated<Date>;
  /** Anonymised for good (migration 2026-12-02T2000, app/privacy). */
  erased_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface MembershipsTable {
  user_id: string;
  org_id: string;
  role: OrgRole;
  created_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  expires_at: Date;
  absolute_expires_at: Date;
  created_at: Generated<Date>;
  user_agent: Generated<string>;
}

export interface SearchOutboxTable {
  id: Generated<string>;
  doc_type: string;
  doc_id: string;
  op: "upsert" | "delete";
  created_at: Generated<Date>;
  processed_at: Date | null;
  /** Failed indexing attempts and the last error (migration 2026-11-23T1300, search/worker.ts). */
  attempts: Generated<number>;
  last_error: string | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  org_id: string | null;
  reason: Generated<string>;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Generated<Date>;
}

/** Accepted form submissions (idempotent writes, 2026-12-02T1000). */
export interface SubmissionKeysTable {
  actor: string;
  form: string;
  token: string;
  fingerprint: string;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: Generated<Date>;
}

export interface CoreTables {
  submission_keys: SubmissionKeysTable;
  audit_log: AuditLogTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  search_outbox: SearchOutboxTable;
}
