import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";

type Q = Kysely<Database> | Transaction<Database>;

export async function insertAccessibilityReport(
  db: Q,
  r: { reporterId: string | null; name: string; email: string; page: string; description: string; locale: "sv" | "en" },
): Promise<string> {
  const row = await db
    .insertInto("accessibility_reports")
    .values({ reporter_id: r.reporterId, name: r.name, email: r.email, page: r.page, description: r.description, locale: r.locale })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Open reports, oldest first, with the signed-in reporter's name when there was one. */
export function openAccessibilityReports(db: Q, limit = 500) {
  return db
    .selectFrom("accessibility_reports as r")
    .leftJoin("users as u", "u.id", "r.reporter_id")
    .select(["r.id", "r.name", "r.email", "r.page", "r.description", "r.locale", "r.created_at", "u.name as reporter_name", "u.email as reporter_email"])
    .where("r.status", "=", "open")
    .orderBy("r.created_at")
    .orderBy("r.id")
    .limit(limit)
    .execute();
}

/** Marks an open report handled; false when there is no such open report. */
export async function markAccessibilityReportHandled(db: Q, id: string, by: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable("accessibility_reports")
    .set({ status: "handled", handled_by: by, handled_at: at })
    .where("id", "=", id)
    .where("status", "=", "open")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
