import { targetOrgSql } from "./flags.repo.server";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import type { NoticeKind, TargetType } from "./types";

type Q = Kysely<Database> | Transaction<Database>;

export async function insertNotice(trx: Q, n: { userId: string; type: TargetType; id: string; kind: NoticeKind; reason: string; at: Date }) {
  await trx
    .insertInto("moderation_notices")
    .values({ user_id: n.userId, target_type: n.type, target_id: n.id, kind: n.kind, reason: n.reason, created_at: n.at })
    .execute();
}

export function noticesFor(db: Q, userId: string, limit = 50) {
  return db
    .selectFrom("moderation_notices")
    .select(["id", "target_type", "target_id", "kind", "reason", "review_requested_at", "created_at"])
    .where("user_id", "=", userId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** Marks the latest "hidden" notice of the item as a review request; false when already asked. */
export async function markReviewRequested(trx: Q, userId: string, type: TargetType, id: string, at: Date): Promise<boolean> {
  const latest = await trx
    .selectFrom("moderation_notices")
    .select(["id", "review_requested_at"])
    .where("user_id", "=", userId)
    .where("target_type", "=", type)
    .where("target_id", "=", id)
    .where("kind", "=", "hidden")
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (latest?.review_requested_at) return false;
  if (latest) {
    await trx.updateTable("moderation_notices").set({ review_requested_at: at }).where("id", "=", latest.id).execute();
  } else {
    await trx
      .insertInto("moderation_notices")
      .values({ user_id: userId, target_type: type, target_id: id, kind: "hidden", reason: "", review_requested_at: at, created_at: at })
      .execute();
  }
  return true;
}

/** Review requests on items that are still hidden (the queue decides scope). */
/** Review requests on hidden items of the given organisations (null: every organisation). */
export function openReviewRequests(db: Q, orgIds: string[] | null, limit = 2000) {
  let q = db
    .selectFrom("moderation_notices as n")
    .innerJoin("users as u", "u.id", "n.user_id")
    .select(["n.id", "n.target_type", "n.target_id", "n.review_requested_at", "u.name as author_name"])
    .where("n.review_requested_at", "is not", null)
    .where("n.kind", "=", "hidden");
  if (orgIds) q = q.where(targetOrgSql("n"), "in", orgIds.length ? orgIds : ["0"]);
  return q.orderBy("n.review_requested_at").limit(limit).execute();
}
