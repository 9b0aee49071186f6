import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import type { WatchLevel, WatchTarget } from "./types";

type Q = Kysely<Database> | Transaction<Database>;

export function findWatch(db: Q, userId: string, type: WatchTarget, id: string) {
  return db.selectFrom("watches").select(["level", "first_post_only"]).where("user_id", "=", userId).where("target_type", "=", type).where("target_id", "=", id).executeTakeFirst();
}

/** An explicit choice: replaces whatever was there. */
export async function upsertWatch(db: Q, v: { userId: string; type: WatchTarget; id: string; level: WatchLevel; firstPostOnly: boolean; at: Date }) {
  await db
    .insertInto("watches")
    .values({ user_id: v.userId, target_type: v.type, target_id: v.id, level: v.level, first_post_only: v.firstPostOnly, created_at: v.at, updated_at: v.at })
    .onConflict((oc) => oc.columns(["user_id", "target_type", "target_id"]).doUpdateSet({ level: v.level, first_post_only: v.firstPostOnly, updated_at: v.at }))
    .execute();
}

/** A default (starting, replying, adopting): never overrides a choice the person made. */
export async function insertDefaultWatch(db: Q, userId: string, type: WatchTarget, id: string, level: WatchLevel) {
  await db.insertInto("watches").values({ user_id: userId, target_type: type, target_id: id, level }).onConflict((oc) => oc.doNothing()).execute();
}

export async function deleteWatch(db: Q, userId: string, type: WatchTarget, id: string) {
  await db.deleteFrom("watches").where("user_id", "=", userId).where("target_type", "=", type).where("target_id", "=", id).execute();
}

/** The people with a level on one thread other than "normal" (what a merge carries to the target). */
export async function threadWatchRows(db: Q, threadId: string) {
  return db.selectFrom("watches").select(["user_id", "level", "first_post_only"])
    .where("target_type", "=", "thread").where("target_id", "=", threadId).where("level", "!=", "normal").execute();
}

/**
 * Merging: these rows of `fromId` (read by threadWatchRows) become their people's levels on
 * `intoId` — a level they chose there stays (the primary key makes it one row each) — and the
 * rows on `fromId` go. Returns how many rows were added to the target.
 */
export async function moveThreadWatches(db: Q, fromId: string, intoId: string, rows: { user_id: string; level: WatchLevel; first_post_only: boolean }[], at: Date): Promise<number> {
  if (!rows.length) return 0;
  const added = await db.insertInto("watches")
    .values(rows.map((r) => ({ user_id: r.user_id, target_type: "thread" as const, target_id: intoId, level: r.level, first_post_only: r.first_post_only, created_at: at, updated_at: at })))
    .onConflict((oc) => oc.columns(["user_id", "target_type", "target_id"]).doNothing())
    .returning("user_id").execute();
  await db.deleteFrom("watches").where("target_type", "=", "thread").where("target_id", "=", fromId).where("user_id", "in", rows.map((r) => r.user_id)).execute();
  return added.length;
}

/** Everyone watching these targets at one of the levels (the fan-out's first cut). */
export function watchersOf(db: Q, type: WatchTarget, ids: string[], levels: WatchLevel[]) {
  if (!ids.length || !levels.length) return Promise.resolve([]);
  return db
    .selectFrom("watches")
    .select(["user_id", "target_id", "level", "first_post_only"])
    .where("target_type", "=", type)
    .where("target_id", "in", ids)
    .where("level", "in", levels)
    .execute();
}

/** People who muted one target (they hear nothing of it, whatever else they watch). */
export async function mutedOn(db: Q, type: WatchTarget, id: string): Promise<Set<string>> {
  const rows = await db.selectFrom("watches").select("user_id").where("target_type", "=", type).where("target_id", "=", id).where("level", "=", "muted").execute();
  return new Set(rows.map((r) => r.user_id));
}

/** A person's watches with what the settings page needs to name them and check access. */
export function watchRowsOf(db: Q, userId: string) {
  return db
    .selectFrom("watches as w")
    .leftJoin("threads as t", (j) => j.onRef("t.id", "=", "w.target_id").on("w.target_type", "=", "thread"))
    .leftJoin("tags as tg", (j) => j.onRef("tg.id", "=", "w.target_id").on("w.target_type", "=", "tag"))
    .leftJoin("cases as c", (j) => j.onRef("c.id", "=", "w.target_id").on("w.target_type", "=", "case"))
    .leftJoin("organisations as o", (j) => j.onRef("o.id", "=", "w.target_id").on("w.target_type", "=", "org"))
    .select([
      "w.target_type", "w.target_id", "w.level", "w.first_post_only", "w.updated_at",
      "t.id as t_id", "t.title as t_title", "t.slug as t_slug", "t.org_id as t_org_id", "t.visibility as t_visibility",
      "t.shared_org_ids as t_shared", "t.author_id as t_author_id", "t.kind as t_kind", "t.hidden_at as t_hidden_at",
      "t.deleted_at as t_deleted_at", "t.locked_at as t_locked_at",
      "tg.slug as tg_slug", "tg.name_sv as tg_name_sv", "tg.name_en as tg_name_en",
      "c.id as c_id", "c.title as c_title", "c.org_id as c_org_id", "c.visibility as c_visibility", "c.shared_org_ids as c_shared",
      "c.state as c_state", "c.hidden_at as c_hidden_at", "c.deleted_at as c_deleted_at",
      "o.slug as o_slug", "o.name as o_name",
    ])
    .where("w.user_id", "=", userId)
    .orderBy("w.target_type")
    .orderBy("w.updated_at", "desc")
    .limit(500)
    .execute();
}
export type WatchRow = Awaited<ReturnType<typeof watchRowsOf>>[number];

/** Does the target exist (watching something that isn't there is a bad request). */
export async function targetExists(db: Q, type: WatchTarget, id: string): Promise<boolean> {
  const table = ({ thread: "threads", tag: "tags", case: "cases", org: "organisations" } as const)[type];
  const r = await db.selectFrom(table).select("id").where("id", "=", id).executeTakeFirst();
  return Boolean(r);
}
