import type { Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";

type Db = DB | Transaction<Database>;

/** Records that a person was shown a thread up to reply `upTo`; never moves the mark backwards. */
export async function upsertThreadRead(db: Db, threadId: string, userId: string, upTo: number, at: Date) {
  await db
    .insertInto("thread_reads")
    .values({ thread_id: threadId, user_id: userId, last_read_number: upTo, last_read_at: at })
    .onConflict((oc) =>
      oc.columns(["thread_id", "user_id"]).doUpdateSet((eb) => ({
        last_read_number: eb.fn("greatest", [eb.ref("thread_reads.last_read_number"), eb.ref("excluded.last_read_number")]),
        last_read_at: eb.ref("excluded.last_read_at"),
      })),
    )
    .execute();
}

/**
 * Records a look at the thread list and answers since when things count as new: the start of the
 * previous visit (a visit ends after `gapMs` without a look), or null on a person's first look.
 */
export async function touchVisit(db: Db, userId: string, at: Date, gapMs: number): Promise<Date | null> {
  const before = await db.selectFrom("forum_visits").select(["seen_at", "previous_seen_at"]).where("user_id", "=", userId).executeTakeFirst();
  const newVisit = before ? at.getTime() - new Date(before.seen_at).getTime() > gapMs : false;
  const previous = before ? (newVisit ? new Date(before.seen_at) : before.previous_seen_at) : null;
  await db
    .insertInto("forum_visits")
    .values({ user_id: userId, seen_at: at, previous_seen_at: previous })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ seen_at: at, previous_seen_at: previous }))
    .execute();
  return previous ? new Date(previous) : null;
}

export async function userCreatedAt(db: Db, userId: string): Promise<Date | null> {
  const r = await db.selectFrom("users").select("created_at").where("id", "=", userId).executeTakeFirst();
  return r ? new Date(r.created_at) : null;
}
