import type { ColumnType, Generated } from "kysely";

export type ApiScope = "read" | "write";

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  scope: ApiScope;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface ApiTables {
  api_tokens: ApiTokensTable;
}
