import type { Kysely, Transaction } from "kysely";
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

export function openFlags(db: Q) {
  return db
    .selectFrom("flags as f")
    .innerJoin("users as u", "u.id", "f.reporter_id")
    .select(["f.id", "f.target_type", "f.target_id", "f.reason", "f.text", "f.created_at", "u.name as reporter_name"])
    .where("f.status", "=", "open")
    .orderBy("f.created_at")
    .limit(1000)
    .execute();
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
