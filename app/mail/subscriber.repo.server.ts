import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";

type Q = Kysely<Database> | Transaction<Database>;

/** The notifications one event created or refreshed (the fan-out stamps its event id on them). */
export function notificationsOfEvent(db: Q, eventId: string) {
  return db.selectFrom("notifications").select(["id", "user_id", "kind"]).where("event_id", "=", eventId).execute();
}
