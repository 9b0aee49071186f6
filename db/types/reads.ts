import type { ColumnType } from "kysely";

// Read state (migration 2026-12-07T1530): what each person has seen of each thread, and when they
// last looked at the thread list.

export interface ThreadReadsTable {
  thread_id: string;
  user_id: string;
  /** The highest reply number the person was shown. */
  last_read_number: ColumnType<number, number | undefined, number>;
  last_read_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ForumVisitsTable {
  user_id: string;
  seen_at: ColumnType<Date, Date, Date>;
  /** The start of the previous visit: "new" means started after it. */
  previous_seen_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface ReadsTables {
  thread_reads: ThreadReadsTable;
  forum_visits: ForumVisitsTable;
}
