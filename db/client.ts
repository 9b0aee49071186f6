import { createHash } from "node:crypto";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./types";

export type DB = Kysely<Database>;

// int8 (bigserial ids, counts) stays a string: JS numbers cannot hold every int8.
// numeric stays a string too; timestamps arrive as Date.

type Holder = { db: DB; pool: pg.Pool };
type Health = { down: boolean; since: number; lastError: string; probe: NodeJS.Timeout | null };
const g = globalThis as typeof globalThis & { __allmanningDb?: Holder; __allmanningDbHealth?: Health };
// On globalThis: the server entry and the Remix server bundle each load their own copy of this module.
const health: Health = (g.__allmanningDbHealth ??= { down: false, since: 0, lastError: "", probe: null });

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
// admin_shutdown, crash_shutdown, cannot_connect_now, and class 08 (connection exceptions).
const SERVER_GONE = /^(57P0[123]|08...)$/;
const GONE_MESSAGES = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|terminating connection|the database system is (starting up|shutting down|in recovery mode)/i;

/** Whether an error means "the database cannot be reached right now" (not a bad query). */
export function isConnectionError(e: unknown): boolean {
  if (!e || typeof e !== "object") return false;
  const err = e as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof err.code === "string" && (CONNECTION_CODES.has(err.code) || SERVER_GONE.test(err.code))) return true;
  if (typeof err.message === "string" && GONE_MESSAGES.test(err.message)) return true;
  if (Array.isArray(err.errors) && err.errors.some(isConnectionError)) return true; // AggregateError (IPv4 + IPv6)
  return err.cause !== undefined && err.cause !== e && isConnectionError(err.cause);
}

/** True while the process-wide database is known to be unreachable (pages answer 503). */
export const isDatabaseDown = () => health.down;

/**
 * Records a failed database call. A connection error marks the database down and starts a probe
 * (SELECT 1 every half second) that marks it up again as soon as it answers, so pages recover
 * without a request having to find out first.
 */
export function noteDatabaseError(e: unknown): boolean {
  if (!isConnectionError(e)) return false;
  health.lastError = e instanceof Error ? e.message : String(e);
  if (health.down) return true;
  health.down = true;
  health.since = Date.now();
  console.warn(`[db] database unreachable (${health.lastError}); answering 503 until it is back`);
  health.probe = setInterval(() => void probe(), 500);
  health.probe.unref();
  return true;
}

let probing = false;
async function probe() {
  const holder = g.__allmanningDb;
  if (probing || !holder) return;
  probing = true;
  try {
    await holder.pool.query("SELECT 1");
    health.down = false;
    if (health.probe) clearInterval(health.probe);
    health.probe = null;
    console.warn(`[db] database reachable again after ${((Date.now() - health.since) / 1000).toFixed(1)} s`);
  } catch {
    /* still down */
  } finally {
    probing = false;
  }
}

/**
 * A connection the server ends (a restart, a failover, a dropped test database) is an 'error'
 * event: on an idle pooled client the pool re-emits it, on a checked-out one the client itself
 * emits it, and either one unhandled would crash the process. The query in flight is rejected
 * anyway and the pool replaces the connection on the next query, so noting it is all it needs.
 */
function survivable(pool: pg.Pool, track: boolean): pg.Pool {
  pool.on("error", (e) => {
    if (!track || !noteDatabaseError(e)) console.warn(`[db] idle connection closed: ${e.message}`);
  });
  pool.on("connect", (client) => {
    client.on("error", (e) => {
      if (track) noteDatabaseError(e);
    });
  });
  if (track) {
    // Kysely takes a connection per query: a refused connection is the first sign of an outage.
    const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
    (pool as { connect: unknown }).connect = (...args: unknown[]) => {
      if (args.length) return (connect as (...a: unknown[]) => unknown)(...args);
      return connect().catch((e: unknown) => {
        noteDatabaseError(e);
        throw e;
      });
    };
  }
  return pool;
}

// Prepared statements. Kysely sends every query as an unnamed statement, so PostgreSQL parses
// and plans it again each time: for the read rule's queries (30–40 parameters, a dozen EXISTS)
// planning is ~1 ms of the server's CPU against ~0.1 ms of execution (docs/decisions,
// 2026-12-08). Naming a statement by its text's hash lets each connection parse it once and,
// after five runs, reuse a generic plan when PostgreSQL finds it no worse than a custom one.
// Only one-statement SELECT/INSERT/UPDATE/DELETE/WITH texts are named (no transaction control,
// DDL, LISTEN or multi-statement scripts), at most PREPARED_PER_CONNECTION per connection.
// PG_PREPARED_STATEMENTS=off turns it off (a pooler in transaction mode that cannot hold them).
const PREPARED_PER_CONNECTION = 400;
const PREPARABLE = /^\s*\(?\s*(select|insert|update|delete|with)\b/i;
const NAME_CACHE_MAX = 5000;
type PrepareState = { names: Map<string, string>; unpreparable: Set<string> };
const prepareState: PrepareState = ((g as { __allmanningPrepare?: PrepareState }).__allmanningPrepare ??= { names: new Map(), unpreparable: new Set() });

/** The statement name for `text`, or null when it is sent unnamed. */
export function statementName(text: string): string | null {
  if (text.length > 20_000 || text.includes(";") || !PREPARABLE.test(text) || prepareState.unpreparable.has(text)) return null;
  let name = prepareState.names.get(text);
  if (!name) {
    name = `k${createHash("sha1").update(text).digest("base64url").slice(0, 22)}`;
    if (prepareState.names.size >= NAME_CACHE_MAX) prepareState.names.clear();
    prepareState.names.set(text, name);
  }
  return name;
}

// "cached plan must not change result type" (SQLSTATE 0A000, a class that also holds other
// "feature not supported" errors, hence the message too): a migration changed a table a
// statement reads with `*` while this process ran. That text is sent unnamed from then on.
const planChanged = (e: unknown) => (e as { code?: unknown }).code === "0A000" && /cached plan must not change result type/.test(String((e as { message?: unknown }).message));

function preparing(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  let prepared = 0;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text !== "string" || (values !== undefined && !Array.isArray(values)) || typeof args[2] === "function" || typeof values === "function") return query(...args);
    const name = prepared < PREPARED_PER_CONNECTION ? statementName(text) : null;
    if (!name) return query(...args);
    const parsed = (client as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements;
    if (parsed[name] === undefined) prepared++;
    return (query({ name, text, values }) as Promise<unknown>).catch((e: unknown) => {
      if (planChanged(e)) prepareState.unpreparable.add(text);
      throw e;
    });
  };
}

/** A pg Pool that survives its server going away (graphile-worker gets one too). */
export function createPool(connectionString: string, max = 10, opts: { track?: boolean } = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: "allmanning", connectionTimeoutMillis: 5000 });
  if (process.env.PG_PREPARED_STATEMENTS !== "off") pool.on("connect", preparing);
  return survivable(pool, opts.track ?? false);
}

// The pool behind each Kysely instance made here: for the few things Kysely cannot send, such as
// COPY (the PostgreSQL blob store's chunks).
const pools = new WeakMap<DB, pg.Pool>();

/** The pg Pool behind `db` (one made by createDb or getDb); throws for any other instance. */
export function poolOf(db: DB): pg.Pool {
  const pool = pools.get(db) ?? (g.__allmanningDb?.db === db ? g.__allmanningDb.pool : undefined);
  if (!pool) throw new Error("this Kysely instance was not made by db/client.ts: its pool is unknown");
  return pool;
}

/** Creates a standalone Kysely instance (tests, CLIs). The caller owns `destroy()`. */
export function createDb(connectionString: string, max = 10): DB {
  const pool = createPool(connectionString, max);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

/**
 * The process-wide database (one pg Pool per process). Kept on globalThis because the server
 * entry and the Remix server bundle each load their own copy of this module. Its outages are
 * tracked (isDatabaseDown).
 */
export function getDb(): DB {
  if (!g.__allmanningDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const pool = createPool(url, Number(process.env.DATABASE_POOL_MAX ?? 10), { track: true });
    g.__allmanningDb = { pool, db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }) };
  }
  return g.__allmanningDb.db;
}

export async function closeDb(): Promise<void> {
  const holder = g.__allmanningDb;
  g.__allmanningDb = undefined;
  if (health.probe) clearInterval(health.probe);
  health.probe = null;
  health.down = false;
  if (holder) await holder.db.destroy();
}
