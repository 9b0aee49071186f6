import type { ColumnType, Generated } from "kysely";

export type AccessibilityReportStatus = "open" | "handled";

export interface AccessibilityReportsTable {
  id: Generated<string>;
  reporter_id: string | null;
  name: ColumnType<string, string | undefined, string>;
  email: ColumnType<string, string | undefined, string>;
  /** The page the problem is on, as the reporter gave it (a path or an address). */
  page: ColumnType<string, string | undefined, string>;
  description: string;
  locale: ColumnType<"sv" | "en", "sv" | "en" | undefined, "sv" | "en">;
  status: ColumnType<AccessibilityReportStatus, AccessibilityReportStatus | undefined, AccessibilityReportStatus>;
  handled_by: string | null;
  handled_at: Date | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface AccessibilityReportsTables {
  accessibility_reports: AccessibilityReportsTable;
}
