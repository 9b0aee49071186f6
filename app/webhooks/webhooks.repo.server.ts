import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/types";

// All SQL for webhooks: endpoints, the per-organisation private-address switch, messages (one per
// endpoint and event) and attempts (the delivery log).

type Q = Kysely<Database> | Transaction<Database>;
export const DELIVER_TASK = "webhook_deliver";

const ENDPOINT_COLS = ["id", "org_id", "url", "description", "events", "consecutive_failures", "disabled_at", "disabled_reason", "created_at"] as const;

export function endpointsOfOrg(db: Q, orgId: string) {
  return db.selectFrom("webhook_endpoints").select([...ENDPOINT_COLS]).where("org_id", "=", orgId).where("deleted_at", "is", null).orderBy("id").execute();
}

export function endpointById(db: Q, id: string) {
  return db.selectFrom("webhook_endpoints").select([...ENDPOINT_COLS, "secret", "deleted_at"]).where("id", "=", id).executeTakeFirst();
}

export async function insertEndpoint(db: Q, v: { org_id: string; url: string; description: string; secret: string; events: string[]; created_by: string; at: Date }) {
  const { at, ...rest } = v;
  const r = await db.insertInto("webhook_endpoints").values({ ...rest, created_at: at, updated_at: at }).returning("id").executeTakeFirstOrThrow();
  return r.id;
}

export async function softDeleteEndpoint(db: Q, id: string, by: string, at: Date) {
  await db.updateTable("webhook_endpoints").set({ deleted_at: at, deleted_by: by, updated_at: at }).where("id", "=", id).where("deleted_at", "is", null).execute();
}

export async function enableEndpoint(db: Q, id: string, at: Date) {
  await db.updateTable("webhook_endpoints").set({ disabled_at: null, disabled_reason: null, consecutive_failures: 0, updated_at: at }).where("id", "=", id).execute();
}

/** Counts a failed attempt; returns the new run of consecutive failures. */
export async function countFailure(db: Q, id: string): Promise<number> {
  const r = await db.updateTable("webhook_endpoints").set((eb) => ({ consecutive_failures: eb("consecutive_failures", "+", 1) })).where("id", "=", id).returning("consecutive_failures").executeTakeFirst();
  return r?.consecutive_failures ?? 0;
}

export async function resetFailures(db: Q, id: string) {
  await db.updateTable("webhook_endpoints").set({ consecutive_failures: 0 }).where("id", "=", id).where("consecutive_failures", ">", 0).execute();
}

/** Switches an endpoint off; true only for the call that did it (so the notice goes out once). */
export async function disableEndpoint(db: Q, id: string, reason: string, at: Date): Promise<boolean> {
  const r = await db.updateTable("webhook_endpoints").set({ disabled_at: at, disabled_reason: reason, updated_at: at }).where("id", "=", id).where("disabled_at", "is", null).returning("id").executeTakeFirst();
  return Boolean(r);
}

export async function allowPrivateFor(db: Q, orgId: string): Promise<boolean> {
  const r = await db.selectFrom("webhook_org_settings").select("allow_private").where("org_id", "=", orgId).executeTakeFirst();
  return r?.allow_private ?? false;
}

export async function setAllowPrivate(db: Q, orgId: string, on: boolean, by: string, at: Date) {
  await db.insertInto("webhook_org_settings").values({ org_id: orgId, allow_private: on, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column("org_id").doUpdateSet({ allow_private: on, updated_by: by, updated_at: at })).execute();
}

/** Live, switched-on endpoints subscribed to an event type. */
export function subscribedEndpoints(db: Q, type: string) {
  return db.selectFrom("webhook_endpoints").select(["id", "org_id"]).where("deleted_at", "is", null).where("disabled_at", "is", null)
    .where(sql<boolean>`${type} = ANY(events)`).execute();
}

/**
 * Queues one message per endpoint for an event (an endpoint already holding it gets nothing new),
 * with its delivery job, in one statement.
 */
export async function queueMessages(db: Q, eventId: string, type: string, endpointIds: string[]) {
  if (!endpointIds.length) return;
  await sql`
    WITH m AS (
      INSERT INTO webhook_messages (endpoint_id, event_id, event_type)
      SELECT unnest(${endpointIds}::bigint[]), ${eventId}::bigint, ${type}
      ON CONFLICT (endpoint_id, event_id) DO NOTHING
      RETURNING id
    )
    SELECT graphile_worker.add_job(${DELIVER_TASK}, json_build_object('id', m.id::text), job_key => 'webhook:' || m.id, max_attempts => 1) FROM m`.execute(db);
}

/** Queues a (re)delivery attempt of a message at `runAt`. */
export async function scheduleDelivery(db: Q, messageId: string, runAt: Date) {
  await sql`SELECT graphile_worker.add_job(${DELIVER_TASK}, json_build_object('id', ${messageId}::text), run_at => ${runAt}::timestamptz, job_key => 'webhook:' || ${messageId}, max_attempts => 1)`.execute(db);
}

export function messageById(db: Q, id: string) {
  return db.selectFrom("webhook_messages as m").innerJoin("events as e", "e.id", "m.event_id")
    .select(["m.id", "m.endpoint_id", "m.event_id", "m.event_type", "m.state", "m.attempts", "m.created_at", "e.data", "e.created_at as event_at", "e.thread_id", "e.post_id", "e.case_id", "e.org_id as event_org_id"])
    .where("m.id", "=", id).executeTakeFirst();
}

export async function markMessage(db: Q, id: string, state: "pending" | "delivered" | "failed" | "skipped", attempts: number, at: Date | null) {
  await db.updateTable("webhook_messages").set({ state, attempts, finished_at: at }).where("id", "=", id).execute();
}

export async function insertAttempt(db: Q, a: { message_id: string; attempt: number; status_code: number | null; ok: boolean; error: string | null; duration_ms: number; at: Date }) {
  const { at, ...rest } = a;
  await db.insertInto("webhook_attempts").values({ ...rest, created_at: at }).execute();
}

/** The newest messages of an endpoint with their attempts (the delivery log). */
export async function logOf(db: Q, endpointId: string, limit: number) {
  const messages = await db.selectFrom("webhook_messages").select(["id", "event_type", "state", "attempts", "created_at", "finished_at"])
    .where("endpoint_id", "=", endpointId).orderBy("id", "desc").limit(limit).execute();
  const attempts = messages.length
    ? await db.selectFrom("webhook_attempts").select(["message_id", "attempt", "status_code", "ok", "error", "duration_ms", "created_at"])
        .where("message_id", "in", messages.map((m) => m.id)).orderBy("id").execute()
    : [];
  return { messages, attempts };
}

/** Org admins' and the org's active addresses, for the switched-off notice. */
export function orgAdminEmails(db: Q, orgId: string) {
  return db.selectFrom("memberships as m").innerJoin("users as u", "u.id", "m.user_id").select(["u.email", "u.locale"])
    .where("m.org_id", "=", orgId).where("m.role", "=", "admin").where("u.deactivated_at", "is", null).execute();
}

/** Housekeeping: attempts older than the cut-off, and finished messages left without any attempt. */
export async function deleteOldLog(db: Q, before: Date): Promise<number> {
  const r = await db.deleteFrom("webhook_attempts").where("created_at", "<", before).executeTakeFirst();
  await db.deleteFrom("webhook_messages").where("state", "<>", "pending").where("created_at", "<", before).execute();
  return Number(r.numDeletedRows);
}

export function orgNameSlug(db: Q, orgId: string) {
  return db.selectFrom("organisations").select(["id", "slug", "name"]).where("id", "=", orgId).executeTakeFirst();
}

export function orgBySlug(db: Q, slug: string) {
  return db.selectFrom("organisations").select(["id", "slug", "name"]).where("slug", "=", slug).executeTakeFirst();
}
