import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import { listedCases, type Viewer } from "../policy";

// All SQL for feeds: the newest cases for a feed (through app/policy's listedCases, the read rule
// for lists) and the per-person feed secrets (only their SHA-256 hash is stored).

type Q = Kysely<Database> | Transaction<Database>;

/** The newest published cases the viewer may list, optionally of one organisation or with one tag. */
export function feedCaseRows(db: Q, viewer: Viewer | null, f: { orgId?: string; tagId?: string }, limit: number) {
  let q = db
    .selectFrom("cases as c")
    .innerJoin("organisations as o", "o.id", "c.org_id")
    .select(["c.id", "c.slug", "c.title", "c.summary", "c.published_at", "c.updated_at", "c.created_at", "o.name as org_name"])
    .where(() => listedCases(viewer, "c"));
  if (f.orgId) q = q.where("c.org_id", "=", f.orgId);
  if (f.tagId) q = q.where((eb) => eb.exists(eb.selectFrom("case_tags as ct").select("ct.case_id").whereRef("ct.case_id", "=", "c.id").where("ct.tag_id", "=", f.tagId!)));
  return q.orderBy("c.published_at", "desc").orderBy("c.id", "desc").limit(limit).execute();
}

export function findLiveFeedToken(db: Q, hash: string) {
  return db.selectFrom("feed_tokens").select(["id", "user_id", "created_at", "last_used_at"]).where("token_hash", "=", hash).where("revoked_at", "is", null).executeTakeFirst();
}

export function liveFeedTokenOf(db: Q, userId: string) {
  return db.selectFrom("feed_tokens").select(["id", "created_at", "last_used_at"]).where("user_id", "=", userId).where("revoked_at", "is", null).executeTakeFirst();
}

export async function revokeFeedTokens(db: Q, userId: string, at: Date) {
  await db.updateTable("feed_tokens").set({ revoked_at: at }).where("user_id", "=", userId).where("revoked_at", "is", null).execute();
}

export async function insertFeedToken(db: Q, userId: string, hash: string, at: Date) {
  await db.insertInto("feed_tokens").values({ user_id: userId, token_hash: hash, created_at: at }).execute();
}

export async function touchFeedToken(db: Q, id: string, at: Date) {
  await db.updateTable("feed_tokens").set({ last_used_at: at }).where("id", "=", id).execute();
}

export function orgBySlug(db: Q, slug: string) {
  return db.selectFrom("organisations").select(["id", "slug", "name"]).where("slug", "=", slug).executeTakeFirst();
}
