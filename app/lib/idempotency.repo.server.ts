import type { Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";

// All SQL for submission_keys (idempotent writes). See app/lib/idempotency.server.ts.

export type SubmissionRef = { actor: string; form: string; token: string; fingerprint: string };

/**
 * Claims a submission in the caller's transaction. A concurrent claim of the same key waits for
 * this transaction (the primary key's unique index) and then sees it taken. True when claimed.
 */
export async function claimSubmission(trx: Transaction<Database>, s: SubmissionRef): Promise<boolean> {
  const row = await trx.insertInto("submission_keys").values({ ...s, result: null }).onConflict((oc) => oc.doNothing()).returning("token").executeTakeFirst();
  return Boolean(row);
}

const byKey = (s: SubmissionRef) => (eb: any) =>
  eb.and([eb("actor", "=", s.actor), eb("form", "=", s.form), eb("token", "=", s.token), eb("fingerprint", "=", s.fingerprint)]);

export async function storedResult(trx: Transaction<Database>, s: SubmissionRef): Promise<{ result: unknown } | undefined> {
  return trx.selectFrom("submission_keys").select("result").where(byKey(s)).executeTakeFirst();
}

export async function setSubmissionResult(trx: Transaction<Database>, s: SubmissionRef, result: unknown): Promise<void> {
  await trx.updateTable("submission_keys").set({ result: JSON.stringify(result) }).where(byKey(s)).execute();
}

/** A write that did not happen (field errors) gives its key back, so a corrected resend goes through. */
export async function releaseSubmission(trx: Transaction<Database>, s: SubmissionRef): Promise<void> {
  await trx.deleteFrom("submission_keys").where(byKey(s)).execute();
}

/** Housekeeping: keys older than `before` (a resend after that long is a new submission). */
export async function purgeSubmissionKeys(db: DB, before: Date): Promise<number> {
  const r = await db.deleteFrom("submission_keys").where("created_at", "<", before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
