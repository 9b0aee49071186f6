import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/types";
import { listedCases, listedThreads, type Viewer } from "../policy";

type Q = Kysely<Database> | Transaction<Database>;

export function currentMark(db: Q, type: "thread" | "case", id: string) {
  return db
    .selectFrom("best_practice_marks")
    .select(["id", "note", "marked_at", "curator_id"])
    .where("target_type", "=", type)
    .where("target_id", "=", id)
    .where("unmarked_at", "is", null)
    .executeTakeFirst();
}

export async function insertMark(trx: Q, m: { type: "thread" | "case"; id: string; curatorId: string; note: string; at: Date }) {
  await trx
    .insertInto("best_practice_marks")
    .values({ target_type: m.type, target_id: m.id, curator_id: m.curatorId, note: m.note, marked_at: m.at })
    .execute();
}

export async function endMark(trx: Q, markId: string, by: string, at: Date) {
  await trx.updateTable("best_practice_marks").set({ unmarked_at: at, unmarked_by: by }).where("id", "=", markId).execute();
}

/**
 * Current marks whose item still exists and is neither hidden nor deleted, newest first, with
 * the item's scope and its area, limited to what the viewer may read.
 */
export async function currentMarks(db: Q, viewer: Viewer | null, limit: number) {
  const { rows } = await sql<{
    id: string; target_type: "thread" | "case"; target_id: string; note: string; marked_at: Date; curator_name: string;
    title: string; org_id: string; org_name: string; visibility: "organisation" | "network" | "public"; shared_org_ids: string[]; area: string | null;
  }>`
    SELECT m.id, m.target_type, m.target_id, m.note, m.marked_at, cu.name AS curator_name,
           x.title, x.org_id, o.name AS org_name, x.visibility, x.shared_org_ids, x.area
    FROM best_practice_marks m
    JOIN users cu ON cu.id = m.curator_id
    JOIN (
      SELECT 'thread'::text AS target_type, t.id, t.title, t.org_id, t.visibility, t.shared_org_ids,
             (SELECT g.area FROM thread_tags tt JOIN tags g ON g.id = tt.tag_id WHERE tt.thread_id = t.id ORDER BY g.slug LIMIT 1) AS area
      FROM threads t WHERE ${listedThreads(viewer, "t")} AND t.hidden_at IS NULL
      UNION ALL
      SELECT 'case', c.id, c.title, c.org_id, c.visibility, c.shared_org_ids, c.area
      FROM cases c WHERE ${listedCases(viewer, "c")}
    ) x ON x.target_type = m.target_type AND x.id = m.target_id
    JOIN organisations o ON o.id = x.org_id
    WHERE m.unmarked_at IS NULL
    ORDER BY m.marked_at DESC, m.id DESC
    LIMIT ${limit}`.execute(db);
  return rows;
}

/** Current marks for a set of items (for badges on lists). */
export function marksFor(db: Q, type: "thread" | "case", ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom("best_practice_marks")
    .select(["target_id", "note"])
    .where("target_type", "=", type)
    .where("target_id", "in", ids)
    .where("unmarked_at", "is", null)
    .execute();
}
