import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import type { Alert } from "./saved.schemas";

// All SQL for saved searches (issue 18). Every statement is scoped to its owner: another
// person's id changes and shows nothing.

type Q = Kysely<Database> | Transaction<Database>;
const COLS = ["id", "name", "query", "alert", "last_checked_at", "created_at", "updated_at"] as const;

/** Saves a query once per person: the same query again (a double submit) returns the row already there. */
export async function insertSavedSearch(db: Q, userId: string, v: { name: string; query: string; alert: Alert }, at: Date) {
  const made = await db.insertInto("saved_searches")
    .values({ user_id: userId, name: v.name, query: v.query, alert: v.alert, last_checked_at: at, created_at: at, updated_at: at })
    .onConflict((oc) => oc.columns(["user_id", "query"]).doNothing())
    .returning("id").executeTakeFirst();
  if (made) return { id: made.id, created: true };
  const had = await db.selectFrom("saved_searches").select("id").where("user_id", "=", userId).where("query", "=", v.query).executeTakeFirstOrThrow();
  return { id: had.id, created: false };
}

export function savedSearchesOf(db: Q, userId: string) {
  return db.selectFrom("saved_searches").select(COLS).where("user_id", "=", userId).orderBy("name").orderBy("id").limit(200).execute();
}

export function savedSearchOf(db: Q, userId: string, id: string) {
  return db.selectFrom("saved_searches").select(COLS).where("user_id", "=", userId).where("id", "=", id).executeTakeFirst();
}

export async function updateSavedSearch(db: Q, userId: string, id: string, set: { name?: string; alert?: Alert }, at: Date): Promise<boolean> {
  const r = await db.updateTable("saved_searches").set({ ...set, updated_at: at }).where("user_id", "=", userId).where("id", "=", id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteSavedSearch(db: Q, userId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom("saved_searches").where("user_id", "=", userId).where("id", "=", id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The searches that want alerts, least recently checked first (the alert job's batch). */
export function searchesToCheck(db: Q, limit: number) {
  return db.selectFrom("saved_searches").select(["id", "user_id", "name", "query", "alert", "last_checked_at", "created_at"])
    .where("alert", "<>", "off").orderBy("last_checked_at").orderBy("id").limit(limit).execute();
}

export async function markChecked(db: Q, id: string, at: Date) {
  await db.updateTable("saved_searches").set({ last_checked_at: at }).where("id", "=", id).execute();
}
