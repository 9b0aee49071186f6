import type { ColumnType, Generated } from "kysely";

// Row types for the community loop: domain events and watching levels (snake_case; they stay
// inside repositories).

export interface EventsTable {
  id: Generated<string>;
  type: string;
  actor_id: string | null;
  thread_id: string | null;
  post_id: string | null;
  case_id: string | null;
  org_id: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Generated<Date>;
  dispatched_at: Date | null;
}

export type WatchTarget = "thread" | "tag" | "case" | "org";
export type WatchLevel = "watching" | "tracking" | "normal" | "muted";

export interface WatchesTable {
  user_id: string;
  target_type: WatchTarget;
  target_id: string;
  level: WatchLevel;
  first_post_only: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CommunityTables {
  events: EventsTable;
  watches: WatchesTable;
}
