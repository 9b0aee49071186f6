import type { Q } from "./cases.repo.server";

// SQL for taking back a case study's soft delete (its deleter is the "delete" revision's editor).

/** The most recent "delete" revision of a case: who deleted it and when. */
export function lastDeleteRevision(db: Q, caseId: string) {
  return db
    .selectFrom("case_revisions")
    .select(["editor_id", "created_at"])
    .where("case_id", "=", caseId)
    .where("action", "=", "delete")
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function restoreCaseRow(trx: Q, caseId: string): Promise<boolean> {
  const r = await trx.updateTable("cases").set({ deleted_at: null }).where("id", "=", caseId).where("deleted_at", "is not", null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
