import { createHash, randomBytes } from "node:crypto";
import type { Transaction } from "kysely";
import type { Database } from "../../db/types";
import { SUBMISSION_FIELD } from "./ui/submission-field";
import { claimSubmission, releaseSubmission, setSubmissionResult, storedResult, type SubmissionRef } from "./idempotency.repo.server";

// Idempotent creates (docs/decisions/2026-12-02-idempotent-writes.md).
//
// Every create form carries a token made when the form was rendered (<SubmissionField>). The
// domain function runs its write through `once`, in its own transaction: the token, who sent it,
// the form and a fingerprint of what was sent are inserted into submission_keys there. A second
// identical submission (a double click, a resent POST, ten tabs racing) blocks on that key until
// the first commits, then gets the first one's result back instead of writing again. The same
// token with different content (a stale page reused for a second, different reply) is a new
// submission. Without a token (an API client, an old page) the write simply happens.

export { SUBMISSION_FIELD };

/** A fresh token for one rendering of a create form. */
export const newSubmissionToken = (): string => randomBytes(16).toString("base64url");

/** The form's token, or null when it is missing or not one of ours. */
export function submissionTokenFrom(form: { get(name: string): unknown } | null | undefined): string | null {
  const v = form?.get(SUBMISSION_FIELD);
  return typeof v === "string" && /^[A-Za-z0-9_-]{16,64}$/.test(v) ? v : null;
}

export type Once = { actor: string | null; form: string; token: string | null | undefined; payload: unknown };

// Key order must not matter: the same input parsed twice fingerprints the same.
function stable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === "object" && !(v instanceof Date)) {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, stable((v as Record<string, unknown>)[k])]));
  }
  return v;
}
const fingerprint = (payload: unknown) => createHash("sha256").update(JSON.stringify(stable(payload)) ?? "").digest("base64url");

const succeeded = (r: unknown) => !(r && typeof r === "object" && "ok" in r && (r as { ok: unknown }).ok === false);

/**
 * Runs `write` at most once per (actor, form, token, content). Call inside the write's own
 * transaction, after its row locks (so every writer takes locks in the same order) and before it
 * inserts anything. A result with `ok: false` releases the key. Results must be JSON.
 */
export async function once<T>(trx: Transaction<Database>, o: Once, write: () => Promise<T>): Promise<T> {
  if (!o.token) return write();
  const ref: SubmissionRef = { actor: o.actor ?? "anonymous", form: o.form, token: o.token, fingerprint: fingerprint(o.payload) };
  if (!(await claimSubmission(trx, ref))) {
    const prior = await storedResult(trx, ref);
    if (prior && prior.result !== null) return prior.result as T;
  }
  const result = await write();
  if (succeeded(result)) await setSubmissionResult(trx, ref, result);
  else await releaseSubmission(trx, ref);
  return result;
}
