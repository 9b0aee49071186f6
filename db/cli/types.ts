// npm run db:types — migrates a scratch database from nothing and writes db/generated/schema.ts.
// Uses a scratch database on DATABASE_URL's server when it is set (dropped afterwards), or an
// embedded PostgreSQL in a temporary data directory (removed afterwards); nothing else is touched.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { createDb } from "../client";
import { GENERATED_SCHEMA, generateSchemaTypes } from "../codegen";
import { startEmbeddedPostgres, type EmbeddedServer } from "../embedded";
import { migrateToLatest } from "../migrate";

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });

function onDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

let embedded: EmbeddedServer | null = null;
let dataDir: string | null = null;
const scratch = `allm_types_${randomBytes(4).toString("hex")}`;
let serverUrl = process.env.DATABASE_URL;
try {
  if (!serverUrl) {
    dataDir = mkdtempSync(path.join(tmpdir(), "allmanning-types-pg-"));
    process.env.PG_FSYNC = "off";
    embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: "postgres", quiet: true });
    serverUrl = embedded.url;
  }
  await admin(serverUrl, `CREATE DATABASE ${scratch}`);
  const url = onDatabase(serverUrl, scratch);
  const db = createDb(url, 2);
  try {
    await migrateToLatest(db, () => {}, url);
  } finally {
    await db.destroy();
  }
  await generateSchemaTypes(url, path.resolve(GENERATED_SCHEMA));
  console.log(`wrote ${GENERATED_SCHEMA}`);
} finally {
  if (serverUrl) await admin(serverUrl, `DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`).catch(() => {});
  await embedded?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
