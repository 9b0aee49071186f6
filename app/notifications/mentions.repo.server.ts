import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";

type Q = Kysely<Database> | Transaction<Database>;

/** Active people with these handles. */
export function usersByHandles(db: Q, handles: string[]) {
  if (!handles.length) return Promise.resolve([]);
  return db.selectFrom("users").select(["id", "handle"]).where("handle", "in", handles).where("deactivated_at", "is", null).execute();
}

/** Active people whose handle or name starts with the prefix (autocomplete), at most `limit`. */
export function peopleByPrefix(db: Q, prefix: string, limit: number) {
  const like = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom("users")
    .select(["id", "handle", "name"])
    .where("deactivated_at", "is", null)
    .where((eb) => eb.or([eb("handle", "like", like), eb("name", "ilike", like)]))
    .orderBy("handle")
    .limit(limit)
    .execute();
}
