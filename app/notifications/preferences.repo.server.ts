import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import type { Cadence } from "../mail/types";

type Q = Kysely<Database> | Transaction<Database>;

/** The chosen cadences of these people (no row = the kind's default). */
export function preferenceRows(db: Q, userIds: string[]) {
  if (!userIds.length) return Promise.resolve([]);
  return db.selectFrom("mail_preferences").select(["user_id", "kind", "cadence"]).where("user_id", "in", userIds).execute();
}

/** Stores choices and appends each changed one to the consent log with its time and source. */
export async function upsertPreferences(trx: Q, userId: string, changes: { kind: string; cadence: Cadence }[], source: "settings" | "unsubscribe", at: Date) {
  if (!changes.length) return;
  await trx.insertInto("mail_preferences")
    .values(changes.map((c) => ({ user_id: userId, kind: c.kind, cadence: c.cadence, updated_at: at })))
    .onConflict((oc) => oc.columns(["user_id", "kind"]).doUpdateSet((eb) => ({ cadence: eb.ref("excluded.cadence"), updated_at: at })))
    .execute();
  await trx.insertInto("mail_consents").values(changes.map((c) => ({ user_id: userId, kind: c.kind, cadence: c.cadence, source, recorded_at: at }))).execute();
}

/** A person's consent log, newest first. */
export function consentRows(db: Q, userId: string, limit = 50) {
  return db.selectFrom("mail_consents").select(["kind", "cadence", "source", "recorded_at"]).where("user_id", "=", userId).orderBy("id", "desc").limit(limit).execute();
}
