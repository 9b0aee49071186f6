import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/types";
import type { FlagReason, TargetType } from "./types";

type Q = Kysely<Database> | Transaction<Database>;

/** Inserts a flag; returns null when this person already flagged the item. */
export async function insertFlag(
  db: Q,
  f: { type: TargetType; id: string; reporterId: string; reason: FlagReason; text: string },
): Promise<string | null> {
  const row = await db
    .insertInto("flags")
    .values({ target_type: f.type, target_id: f.id, reporter_id: f.reporterId, reason: f.reason, text: f.text })
    .onConflict((oc) => oc.columns(["target_type", "target_id", "reporter_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function closeOpenFlags(trx: Q, type: TargetType, id: string, status: "dismissed" | "actioned", by: string, at: Date) {
  const r = await trx
    .updateTable("flags")
    .set({ status, handled_by: by, handled_at: at })
    .where("target_type", "=", type)
    .where("target_id", "=", id)
    .where("status", "=", "open")
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * The organisation owning a flagged or review-requested item (thread, reply via its thread, or
 * case), as SQL over a row with target_type/target_id columns under `alias`.
 */
export const targetOrgSql = (alias: string) => sql<string>`(CASE ${sql.ref(`${alias}.target_type`)}
  WHEN 'thread' THEN (SELECT t.org_id FROM threads t WHERE t.id = ${sql.ref(`${alias}.target_id`)})
  WHEN 'post' THEN (SELECT t.org_id FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = ${sql.ref(`${alias}.target_id`)})
  WHEN 'case' THEN (SELECT c.org_id FROM cases c WHERE c.id = ${sql.ref(`${alias}.target_id`)})
  END)`;

/**
 * Open flags on items of the given organisations (null: every organisation, for network
 * moderators), oldest first. Scoped in SQL so one busy organisation cannot crowd another's
 * flags out of the queue.
 */
export function openFlags(db: Q, orgIds: string[] | null, limit = 2000) {
  let q = db
    .selectFrom("flags as f")
    .innerJoin("users as u", "u.id", "f.reporter_id")
    .select(["f.id", "f.target_type", "f.target_id", "f.reason", "f.text", "f.created_at", "u.name as reporter_name"])
    .where("f.status", "=", "open");
  if (orgIds) q = q.where(targetOrgSql("f"), "in", orgIds.length ? orgIds : ["0"]);
  // Personal-data flags first, so a limit can never push the most urgent out.
  return q.orderBy(sql`(f.reason = 'personal_data')`, "desc").orderBy("f.created_at").limit(limit).execute();
}

export function myFlag(db: Q, type: TargetType, id: string, reporterId: string) {
  return db
    .selectFrom("flags")
    .select(["id", "reason", "status", "created_at"])
    .where("target_type", "=", type)
    .where("target_id", "=", id)
    .where("reporter_id", "=", reporterId)
    .executeTakeFirst();
}

export async function deleteFlagsOf(trx: Q, type: TargetType, id: string) {
  await trx.deleteFrom("flags").where("target_type", "=", type).where("target_id", "=", id).execute();
}

/** Whether an item has an open personal-data flag (the network moderators' exception). */
export async function hasOpenPersonalDataFlag(db: Q, type: TargetType, id: string): Promise<boolean> {
  const r = await db.selectFrom("flags").select("id").where("target_type", "=", type).where("target_id", "=", id)
    .where("status", "=", "open").where("reason", "=", "personal_data").executeTakeFirst();
  return Boolean(r);
}
