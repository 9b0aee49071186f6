import type { ColumnType, Generated } from "kysely";

export type SavedSearchAlert = "off" | "inapp" | "digest";

export interface SavedSearchesTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  /** The canonical /search query string (q, filters, sort). */
  query: string;
  alert: ColumnType<SavedSearchAlert, SavedSearchAlert | undefined, SavedSearchAlert>;
  last_checked_at: ColumnType<Date, Date | undefined, Date>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface SavedSearchesTables {
  saved_searches: SavedSearchesTable;
}
