import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import pg from "pg";
import { register } from "tsx/esm/api";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../db/embedded";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { seed } from "../../db/seed";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    templateDb: string;
    appUrl: string;
    appDbUrl: string;
    /** The shared app server's stderr (errors, stack traces), printed by a failing browser test. */
    appErrorLog: string;
  }
}

export { freePort } from "./app-process";
import { freePort } from "./app-process";

let embedded: EmbeddedServer | null = null;
let app: ChildProcess | null = null;
let dataDir: string | null = null;

type Started = { adminUrl: string; template: string; appUrl: string; appDbUrl: string; errorLog: string; stop: () => Promise<void> };
type Shared = { started: Promise<Started>; users: number };
// The integration and e2e projects each run this set-up; one run starts one PostgreSQL and one
// app server for both (they share vitest's main process, so globalThis carries it across).
const SHARED = Symbol.for("allmanning.test-servers");
const holder = globalThis as unknown as Record<symbol, Shared | undefined>;

/** DATABASE_URL (a server you give) or one embedded PostgreSQL for the whole run. */
export default async function setup(project: TestProject) {
  const shared = (holder[SHARED] ??= { started: startServers(), users: 0 });
  shared.users++;
  const s = await shared.started;
  project.provide("pgAdminUrl", s.adminUrl);
  project.provide("templateDb", s.template);
  project.provide("appUrl", s.appUrl);
  project.provide("appDbUrl", s.appDbUrl);
  project.provide("appErrorLog", s.errorLog);
  return async () => {
    if (--shared.users > 0) return;
    holder[SHARED] = undefined;
    await s.stop();
  };
}

async function startServers(): Promise<Started> {
  // Kysely's migrator imports the dated .ts migrations at run time: let Node load TypeScript.
  register();
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dataDir = mkdtempSync(path.join(tmpdir(), "allmanning-test-pg-"));
    process.env.PG_FSYNC = "off";
    embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: "postgres", quiet: true });
    adminUrl = embedded.url;
  }
  const template = `allm_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const tdb = createDb(withDatabase(adminUrl, template), 2);
  await migrateToLatest(tdb, undefined, withDatabase(adminUrl, template));
  await tdb.destroy();

  // The browser tests' server: its own seeded database, the production build. Its request log
  // (one JSON line per request) is off unless LOG_LEVEL asks for it: writing it costs the run
  // about a sixth of its time, and the tests of the log itself start servers of their own.
  const appDb = `allm_e2e_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${appDb}`);
  await admin.query(`CREATE DATABASE ${appDb} TEMPLATE ${template}`);
  await admin.end();
  const appDbUrl = withDatabase(adminUrl, appDb);
  const sdb = createDb(appDbUrl, 2);
  await seed(sdb, { demo: true });
  await sdb.destroy();

  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  app = spawn(process.execPath, ["build/server.mjs"], {
    env: { ...process.env, DATABASE_URL: appDbUrl, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", DEMO_MODE: "1", SEED: "never", LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const errorLog = path.join(mkdtempSync(path.join(tmpdir(), "allmanning-e2e-log-")), "stderr.log");
  const errors = createWriteStream(errorLog);
  app.stdout?.on("data", (d) => (log += d));
  app.stderr?.on("data", (d) => {
    log += d;
    const at = new Date().toISOString();
    errors.write(String(d).split("\n").filter(Boolean).map((l) => `${at} ${l}\n`).join(""));
  });
  await waitForHttp(`${appUrl}/healthz`, 60_000, () => log);

  const stop = async () => {
    if (app && app.exitCode === null) {
      app.kill("SIGTERM");
      await new Promise((r) => app!.once("exit", r));
    }
    if (process.env.E2E_SERVER_LOG) console.log(log);
    if (embedded) await embedded.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  return { adminUrl, template, appUrl, appDbUrl, errorLog, stop };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function waitForHttp(url: string, timeoutMs: number, log: () => string) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    if (app?.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`App server did not start:\n${log()}`);
}
