import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/types";
import { DISPATCH_TASK, LIVE_CHANNEL, type DomainEvent, type StoredEvent } from "./types";

type Q = Kysely<Database> | Transaction<Database>;

// Columns the stream and the subscribers filter on; the rest of the event lives in `data`.
function columns(e: DomainEvent) {
  const { type, actorId, ...rest } = e;
  const r = rest as Record<string, unknown>;
  const str = (k: string) => (typeof r[k] === "string" ? (r[k] as string) : null);
  return { type, actor_id: actorId, thread_id: str("threadId"), post_id: str("postId"), case_id: str("caseId"), org_id: str("orgId"), data: JSON.stringify(rest) };
}

/**
 * Inserts the event and, in the same statement (so in the caller's transaction), enqueues its
 * dispatch job with graphile-worker's add_job (keyed by the event, so it is queued once) and a
 * NOTIFY for the live stream, which PostgreSQL delivers only if the transaction commits.
 */
export async function insertEvent(trx: Q, e: DomainEvent): Promise<string> {
  const c = columns(e);
  const { rows } = await sql<{ id: string }>`
    WITH e AS (
      INSERT INTO events (type, actor_id, thread_id, post_id, case_id, org_id, data)
      VALUES (${c.type}, ${c.actor_id}, ${c.thread_id}, ${c.post_id}, ${c.case_id}, ${c.org_id}, ${c.data}::jsonb)
      RETURNING id
    )
    SELECT e.id,
      graphile_worker.add_job(${DISPATCH_TASK}, json_build_object('id', e.id), job_key => 'event:' || e.id, max_attempts => 25) AS job,
      pg_notify(${LIVE_CHANNEL}, json_build_object('e', e.id::text, 't', ${c.thread_id}::text, 'c', ${c.case_id}::text)::text)
    FROM e`.execute(trx);
  return rows[0].id;
}

export async function findEvent(db: Q, id: string): Promise<StoredEvent | null> {
  const r = await db.selectFrom("events").selectAll().where("id", "=", id).executeTakeFirst();
  if (!r) return null;
  return { ...(r.data as object), type: r.type, actorId: r.actor_id, id: r.id, createdAt: r.created_at } as StoredEvent;
}

export async function markDispatched(db: Q, id: string, at: Date) {
  await db.updateTable("events").set({ dispatched_at: at }).where("id", "=", id).execute();
}

/** Tells every app process's live stream that these people have new notifications. */
export async function notifyRecipients(db: Q, eventId: string, userIds: string[]) {
  // NOTIFY payloads are capped at 8000 bytes: chunk long recipient lists.
  for (let i = 0; i < userIds.length; i += 400) {
    const payload = JSON.stringify({ e: eventId, u: userIds.slice(i, i + 400) });
    await sql`SELECT pg_notify(${LIVE_CHANNEL}, ${payload})`.execute(db);
  }
}

/** The newest event id (the live stream's "now"). */
export async function latestEventId(db: Q): Promise<string> {
  const r = await db.selectFrom("events").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
  return String(r?.id ?? "0");
}

/** Events concerning a thread after a cursor (live-stream resume). */
export function threadEventsAfter(db: Q, threadId: string, afterId: string) {
  return db.selectFrom("events").select(["id", "type", "post_id"]).where("thread_id", "=", threadId).where("id", ">", afterId).orderBy("id").limit(500).execute();
}
