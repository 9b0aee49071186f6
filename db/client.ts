import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./types";

export type DB = Kysely<Database>;

// int8 (bigserial ids, counts) stays a string: JS numbers cannot hold every int8.
// numeric stays a string too; timestamps arrive as Date.

type Holder = { db: DB; pool: pg.Pool };
const g = globalThis as typeof globalThis & { __allmanningDb?: Holder };

/**
 * An idle pooled connection that the server ends (a restart, a failover, a dropped test
 * database) is an 'error' event on the pool; unhandled it would crash the process. The pool
 * drops that connection and opens a new one on the next query, so a warning is all it needs.
 */
function survivable(pool: pg.Pool): pg.Pool {
  pool.on("error", (e) => console.warn(`[db] idle connection closed: ${e.message}`));
  return pool;
}

/** Creates a standalone Kysely instance (tests, CLIs). The caller owns `destroy()`. */
export function createDb(connectionString: string, max = 10): DB {
  const pool = survivable(new pg.Pool({ connectionString, max, application_name: "allmanning" }));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * The process-wide database (one pg Pool per process). Kept on globalThis because the server
 * entry and the Remix server bundle each load their own copy of this module.
 */
export function getDb(): DB {
  if (!g.__allmanningDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const pool = survivable(
      new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_MAX ?? 10), application_name: "allmanning" }),
    );
    g.__allmanningDb = { pool, db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }) };
  }
  return g.__allmanningDb.db;
}

export async function closeDb(): Promise<void> {
  const holder = g.__allmanningDb;
  g.__allmanningDb = undefined;
  if (holder) await holder.db.destroy();
}
