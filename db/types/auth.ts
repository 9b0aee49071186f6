import type { Generated } from "kysely";
import type { OrgRole } from "./core";

// Row types for the auth tables (snake_case; they stay inside repositories).

export interface InvitationsTable {
  id: Generated<string>;
  org_id: string;
  email: string;
  role: OrgRole;
  token_hash: string;
  invited_by: string | null;
  created_at: Generated<Date>;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

export interface EmailTokensTable {
  token_hash: string;
  purpose: "signup" | "reset";
  email: string;
  user_id: string | null;
  org_id: string | null;
  name: Generated<string>;
  password_hash: string | null;
  locale: "sv" | "en" | null;
  created_at: Generated<Date>;
  expires_at: Date;
  used_at: Date | null;
}

export interface DevMailboxTable {
  id: Generated<string>;
  to_address: string;
  subject: string;
  text_body: string;
  created_at: Generated<Date>;
}

export interface RateLimitsTable {
  key: string;
  points: Generated<number>;
  expire: string | null;
}

export interface AuthTables {
  invitations: InvitationsTable;
  email_tokens: EmailTokensTable;
  dev_mailbox: DevMailboxTable;
  rate_limits: RateLimitsTable;
}
