import { CompiledQuery } from "kysely";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { DB } from "../../db/client";

// Counters live in PostgreSQL (table rate_limits), so a limit holds across app instances.
// rate-limiter-flexible talks to it through a tiny pg-compatible client over our Kysely pool.

export type Limit = { points: number; durationSeconds: number };
export type AuthLimits = { loginAccount: Limit; loginIp: Limit; resetAccount: Limit; resetIp: Limit };

/** Failed logins: 100 per account per hour (the rule); resets: 5 per account per hour. */
export const DEFAULT_LIMITS: AuthLimits = {
  loginAccount: { points: 100, durationSeconds: 3600 },
  loginIp: { points: 500, durationSeconds: 3600 },
  resetAccount: { points: 5, durationSeconds: 3600 },
  resetIp: { points: 30, durationSeconds: 3600 },
};

const cache = new WeakMap<DB, Map<string, RateLimiterPostgres>>();

function storeClient(db: DB) {
  return {
    async query(q: { text: string; values?: unknown[] }) {
      const r = await db.executeQuery(CompiledQuery.raw(q.text, q.values ?? []));
      return { rows: r.rows, rowCount: r.rows.length || Number(r.numAffectedRows ?? 0) };
    },
  };
}

export function limiter(db: DB, name: string, limit: Limit): RateLimiterPostgres {
  let byName = cache.get(db);
  if (!byName) cache.set(db, (byName = new Map()));
  const key = `${name}:${limit.points}:${limit.durationSeconds}`;
  let l = byName.get(key);
  if (!l) {
    l = new RateLimiterPostgres({
      storeClient: storeClient(db),
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true,
      clearExpiredByTimeout: true, // every 5 min, rows expired over an hour ago (timer is unref'd)
      keyPrefix: name,
      points: limit.points,
      duration: limit.durationSeconds,
    });
    byName.set(key, l);
  }
  return l;
}

/** Milliseconds until the key may try again, or 0 when it is under its limit. */
export async function blockedFor(l: RateLimiterPostgres, key: string): Promise<number> {
  const res = await l.get(key);
  return res && res.consumedPoints >= l.points ? Math.max(res.msBeforeNext, 1000) : 0;
}

/** Counts one attempt; never throws for an exceeded limit (callers check blockedFor first). */
export async function hit(l: RateLimiterPostgres, key: string): Promise<void> {
  try {
    await l.consume(key);
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
  }
}

export const normaliseKey = (s: string) => s.trim().toLowerCase().slice(0, 200);
