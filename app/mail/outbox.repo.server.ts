import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/types";
import { SEND_TASK } from "./types";

type Q = Kysely<Database> | Transaction<Database>;
export type NewMail = { userId: string; type: "notification" | "digest"; dedupeKey: string; payload: unknown };

/**
 * Queues mails and, in the same statement, one send job each (graphile-worker add_job, keyed by
 * the mail). A dedupe key seen before for the person queues nothing. Returns the new mail ids.
 */
export async function enqueueMails(db: Q, mails: NewMail[]): Promise<string[]> {
  if (!mails.length) return [];
  const rows = JSON.stringify(mails.map((m) => ({ user_id: m.userId, type: m.type, dedupe_key: m.dedupeKey, payload: m.payload })));
  const { rows: out } = await sql<{ id: string }>`
    WITH m AS (
      INSERT INTO mail_outbox (user_id, type, dedupe_key, payload)
      SELECT x.user_id, x.type, x.dedupe_key, x.payload FROM jsonb_to_recordset(${rows}::jsonb) AS x(user_id bigint, type text, dedupe_key text, payload jsonb)
      ON CONFLICT (user_id, dedupe_key) DO NOTHING
      RETURNING id
    )
    SELECT m.id, graphile_worker.add_job(${SEND_TASK}, json_build_object('id', m.id), job_key => 'mail:' || m.id, max_attempts => 20) AS job
    FROM m`.execute(db);
  return out.map((r) => String(r.id));
}

export function findMail(db: Q, id: string) {
  return db.selectFrom("mail_outbox as m").innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.id", "m.user_id", "m.type", "m.payload", "m.sent_at", "m.skipped_at", "m.failed_at", "u.email", "u.locale"])
    .where("m.id", "=", id).executeTakeFirst();
}

export async function finishMail(db: Q, id: string, how: "sent" | "skipped" | "failed", at: Date, error: string | null = null) {
  const set = how === "sent" ? { sent_at: at } : how === "skipped" ? { skipped_at: at, error } : { failed_at: at, error };
  await db.updateTable("mail_outbox").set(set).where("id", "=", id).execute();
}
