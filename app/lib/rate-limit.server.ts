import { CompiledQuery } from "kysely";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { DB } from "../../db/client";

// Counters live in PostgreSQL (table rate_limits), so a limit holds across app instances.
// rate-limiter-flexible talks to it through a tiny pg-compatible client over our Kysely pool.

export type Limit = { points: number; durationSeconds: number };
export type AuthLimits = {
  /** Failed logins per (account, client address) pair that cost nothing; each further one doubles the wait. */
  loginPair: Limit;
  /** Longest progressive wait for one pair. */
  loginMaxDelaySeconds: number;
  /** Failed logins per client address across all accounts (generous: a whole office shares one NAT address). */
  loginIp: Limit;
  resetAccount: Limit;
  resetIp: Limit;
};

/**
 * Failed logins are counted per account *and* client address, so an attacker can slow down only
 * their own attempts, never lock out the owner (see docs/decisions/2026-12-02-auth-hardening.md):
 * 5 free failures per pair and hour, then 2 s, 4 s, 8 s … up to 15 min between attempts.
 * Resets and sign-up mails: 5 per address per hour.
 */
export const DEFAULT_LIMITS: AuthLimits = {
  loginPair: { points: 5, durationSeconds: 3600 },
  loginMaxDelaySeconds: 900,
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

/** Counts one attempt and returns how many the key has used in its window; never throws for an exceeded limit. */
export async function hit(l: RateLimiterPostgres, key: string): Promise<number> {
  try {
    return (await l.consume(key)).consumedPoints;
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    return e.consumedPoints;
  }
}

/** Refuses the key for the next `seconds` (blockedFor reports it until then). */
export async function blockFor(l: RateLimiterPostgres, key: string, seconds: number): Promise<void> {
  await l.block(key, Math.max(1, Math.ceil(seconds)));
}

export const normaliseKey = (s: string) => s.trim().toLowerCase().slice(0, 200);
