import type { ColumnType, Generated } from "kysely";

// Row types for personal-data exports, archive exports and erasure requests (snake_case; they
// stay inside repositories). users.erased_at is added by the same migration (2026-12-02T2000).

type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface DataExportsTable {
  id: Generated<string>;
  kind: "personal" | "archive";
  user_id: string | null;
  status: Generated<"queued" | "running" | "done" | "failed">;
  progress: Generated<number>;
  total: Generated<number>;
  step: Generated<string>;
  token_hash: string | null;
  bytes: ColumnType<string, string | number | undefined, string | number>;
  sha256: string | null;
  error: string | null;
  scheduled: Generated<boolean>;
  created_at: Generated<Date>;
  started_at: TsNull;
  finished_at: TsNull;
  expires_at: TsNull;
  downloaded_at: TsNull;
}

export interface DataExportChunksTable {
  export_id: string;
  seq: number;
  bytes: Buffer;
}

export interface ErasureRequestsTable {
  id: Generated<string>;
  user_id: string;
  status: Generated<"pending" | "done" | "withdrawn">;
  requested_at: Generated<Date>;
  handled_by: string | null;
  handled_at: TsNull;
}

export interface PrivacyTables {
  data_exports: DataExportsTable;
  data_export_chunks: DataExportChunksTable;
  erasure_requests: ErasureRequestsTable;
}
