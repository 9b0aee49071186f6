// A fresh, dropped-afterwards database for the relevance benches (embedded PostgreSQL unless DATABASE_URL is set).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDb, type DB } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";

export async function freshDb(): Promise<{ db: DB; url: string; drop: () => Promise<void> }> {
  let admin = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | null = null;
  if (!admin) {
    const e = await startEmbeddedPostgres({ dataDir: process.env.BENCH_PG_DATA_DIR ?? ".data/bench-pg", port: Number(process.env.BENCH_PG_PORT ?? 54339), database: "postgres", quiet: true });
    admin = e.url;
    stopEmbedded = e.stop;
  }
  const name = `allm_relevance_${randomBytes(4).toString("hex")}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const db = createDb(u.toString(), 4);
  return {
    db,
    url: u.toString(),
    drop: async () => {
      await db.destroy();
      const a = new pg.Client({ connectionString: admin });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
      await stopEmbedded?.();
    },
  };
}

