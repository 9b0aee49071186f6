import type { Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";

// Write transactions that may meet another writer on the same rows. Locks are taken in one order
// (the thread row first, FOR UPDATE, then its posts; an organisation's admin memberships by user
// id), so a deadlock should not happen; when PostgreSQL still breaks one (40P01) or refuses a
// serializable snapshot (40001), the whole transaction runs again, up to four times, after a short
// random pause, instead of reaching the person as a 500. The callback must only touch the
// database (it can run more than once).

const RETRYABLE = new Set(["40P01", "40001"]);
export const isRetryable = (e: unknown) => RETRYABLE.has(String((e as { code?: unknown })?.code ?? ""));

export async function writeTransaction<T>(db: DB, fn: (trx: Transaction<Database>) => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await db.transaction().execute(fn);
    } catch (e) {
      if (i >= attempts || !isRetryable(e)) throw e;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 40 * i));
    }
  }
}
