import type { ColumnType } from "kysely";

export interface WorkerHeartbeatsTable {
  worker_id: string;
  host: string;
  pid: number;
  started_at: ColumnType<Date, Date | undefined, Date>;
  beat_at: ColumnType<Date, Date | undefined, Date>;
}

export interface OpsTables {
  worker_heartbeats: WorkerHeartbeatsTable;
}
