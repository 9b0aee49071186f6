// npm run bench:crash — crash tests under write load (issue 19 item 11).
//
// Writers post replies over HTTP as demo accounts, each with a unique marker in its body, and
// keep the markers the server acknowledged (its redirect to the new reply). Then, mid-load:
//   A. kill -9 of PostgreSQL (a server this script runs), restarted 2 s later by this script;
//   B. kill -9 of the app (which runs its own embedded PostgreSQL, left orphaned), restarted at once;
//   C. kill -9 of the app's embedded PostgreSQL, which the app itself starts again.
// For each: seconds from the kill, and from the restart, until pages answer 200 again;
// acknowledged writes missing from the database afterwards (target 0); unacknowledged writes
// that did commit (answers lost with the connection, not an error). Target: 0 lost, < 10 s.
//
// Options: --writers=8 --seconds=6 (load before and after each crash), --pg-port, --port. Uses
// its own data folder under .data/bench-crash-pg (removed first) and free ports on 127.0.0.1 only.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { register } from "tsx/esm/api";
import { createDb } from "../db/client";
import { startEmbeddedPostgres, type EmbeddedServer } from "../db/embedded";
import { migrateToLatest } from "../db/migrate";
import { seed } from "../db/seed";
import { DEMO_PASSWORD, emailOf, PEOPLE } from "../db/seed/steps/02-people";
import { pendingCount } from "../search/worker";

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const WRITERS = arg("writers", 8);
const SECONDS = arg("seconds", 6);
const DATA_DIR = path.resolve(".data/bench-crash-pg");
// Free ports unless given: other servers (other checkouts' benches) may run on this machine.
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
const PG_PORT = arg("pg-port", 0) || (await freePort());
const APP_PORT = arg("port", 0) || (await freePort());
const BASE = `http://127.0.0.1:${APP_PORT}`;
const PG_URL = `postgres://allmanning:allmanning@127.0.0.1:${PG_PORT}/allmanning`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type App = { proc: ChildProcess; log: () => string; exited: Promise<unknown> };
function startApp(env: Record<string, string>): App {
  const base = { ...process.env };
  for (const k of ["DATABASE_URL", "PG_DATA_DIR", "PG_PORT", "HOST", "SMTP_URL"]) delete base[k];
  const proc = spawn(process.execPath, ["build/server.mjs"], {
    env: { ...base, NODE_ENV: "production", PORT: String(APP_PORT), HOST: "127.0.0.1", SEED: "never", DEMO_MODE: "1", PAGE_CACHE_MB: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Each chunk stamped with seconds since the spawn, to see where a restart spends its time.
  let log = "";
  const t0 = Date.now();
  const add = (d: Buffer) => (log += `[+${((Date.now() - t0) / 1000).toFixed(1)} s] ${d}`);
  proc.stdout!.on("data", add);
  proc.stderr!.on("data", add);
  return { proc, log: () => log, exited: new Promise((r) => proc.once("exit", r)) };
}

/** Milliseconds until GET / answers 200 (polling every 100 ms). */
async function until200(limitMs = 120_000): Promise<number> {
  const t = Date.now();
  while (Date.now() - t < limitMs) {
    try {
      const r = await fetch(`${BASE}/`, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      if (r.status === 200) return Date.now() - t;
    } catch {
      /* not yet */
    }
    await sleep(100);
  }
  throw new Error("pages did not come back");
}

async function signIn(email: string): Promise<string> {
  const r = await fetch(`${BASE}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
  });
  const cookie = (r.headers.get("set-cookie") ?? "").split(";")[0];
  if (!/=./.test(cookie)) throw new Error(`sign-in failed for ${email}: ${r.status}`);
  return cookie;
}

type Load = { acked: Set<string>; sent: Set<string>; failures: Map<string, number>; stop: () => Promise<void> };
/** WRITERS closed loops posting replies until stopped; a failed write is retried as a new one after 100 ms. */
function writeLoad(phase: string, cookies: string[], threadPath: string): Load {
  const acked = new Set<string>();
  const sent = new Set<string>();
  const failures = new Map<string, number>();
  let running = true;
  const loops = cookies.map(async (cookie, w) => {
    for (let n = 0; running; n++) {
      const marker = `krasch-${phase}-${w}-${n}`;
      sent.add(marker);
      try {
        const r = await fetch(`${BASE}${threadPath}`, {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, Cookie: cookie },
          body: new URLSearchParams({ intent: "reply", body: `Mätning under krasch: ${marker} – ett svar med lite text.` }),
          signal: AbortSignal.timeout(10_000),
        });
        await r.arrayBuffer();
        if (r.status >= 300 && r.status < 400 && (r.headers.get("location") ?? "").includes("#p")) acked.add(marker);
        else {
          failures.set(String(r.status), (failures.get(String(r.status)) ?? 0) + 1);
          await sleep(100);
        }
      } catch (e) {
        const why = ((e as Error).cause as { code?: string } | undefined)?.code ?? (e as Error).name;
        failures.set(why, (failures.get(why) ?? 0) + 1);
        await sleep(100);
      }
    }
  });
  return { acked, sent, failures, stop: async () => { running = false; await Promise.all(loops); } };
}

async function verify(phase: string, load: Load) {
  const db = createDb(PG_URL, 2);
  // The job worker survived too: every search outbox row written through the crash is drained.
  const drainStarted = Date.now();
  let pending = await pendingCount(db);
  while (pending > 0 && Date.now() - drainStarted < 60_000) {
    await sleep(500);
    pending = await pendingCount(db);
  }
  const outboxDrainedS = pending === 0 ? (Date.now() - drainStarted) / 1000 : null;
  const rows = await db.selectFrom("posts").select("body_md").where("body_md", "like", `Mätning under krasch: krasch-${phase}-%`).execute();
  await db.destroy();
  const stored = new Set(rows.map((r) => /krasch-\S+-\d+-\d+/.exec(r.body_md)![0]));
  const lost = [...load.acked].filter((m) => !stored.has(m));
  const committedUnacked = [...stored].filter((m) => !load.acked.has(m)).length;
  return { acked: load.acked.size, stored: stored.size, lost: lost.length, committedUnacked, outboxDrainedS, failures: Object.fromEntries(load.failures) };
}

const results: Record<string, unknown>[] = [];
function report(name: string, r: Record<string, unknown>) {
  results.push({ scenario: name, ...r });
  console.log(`\n${name}\n${JSON.stringify(r, null, 2)}`);
}

register();
rmSync(DATA_DIR, { recursive: true, force: true });
console.log(`Preparing: embedded PostgreSQL in ${DATA_DIR}, migrations, demo seed …`);
let pgServer: EmbeddedServer | null = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PG_PORT, quiet: true });
{
  const db = createDb(pgServer.url, 2);
  await migrateToLatest(db, undefined, pgServer.url);
  await seed(db, { demo: true });
  await db.destroy();
}
const threadId = await (async () => {
  const db = createDb(PG_URL, 1);
  const t = await db
    .selectFrom("threads")
    .select("id")
    .where("visibility", "=", "public")
    .where("deleted_at", "is", null)
    .where("hidden_at", "is", null)
    .where("locked_at", "is", null)
    .orderBy("id")
    .executeTakeFirstOrThrow();
  await db.destroy();
  return t.id;
})();
const threadPath = `/t/${threadId}`;

// ---- A: PostgreSQL kill -9 (this script owns the server; the app uses DATABASE_URL) --------
let app = startApp({ DATABASE_URL: PG_URL });
await until200();
const people = PEOPLE.slice(0, WRITERS).map(emailOf);
let cookies = await Promise.all(people.map(signIn));
{
  const load = writeLoad("A", cookies, threadPath);
  await sleep(SECONDS * 1000);
  const killedAt = Date.now();
  process.kill(pgServer.pid, "SIGKILL");
  await sleep(2000);
  pgServer = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PG_PORT, quiet: true });
  const restartedAt = Date.now();
  await until200();
  const back = Date.now();
  await sleep(SECONDS * 1000);
  await load.stop();
  report("A. PostgreSQL kill -9, restarted after 2 s", {
    appStayedUp: app.proc.exitCode === null && app.proc.signalCode === null,
    secondsFromKillTo200: (back - killedAt) / 1000,
    secondsFromRestartTo200: (back - restartedAt) / 1000,
    ...(await verify("A", load)),
  });
}
app.proc.kill("SIGTERM");
await app.exited;
await pgServer.stop();
pgServer = null;

// ---- B: app kill -9 (the app owns an embedded PostgreSQL, which is left orphaned) ----------
const embeddedEnv = { PG_DATA_DIR: DATA_DIR, PG_PORT: String(PG_PORT) };
app = startApp(embeddedEnv);
await until200();
cookies = await Promise.all(people.map(signIn));
{
  const load = writeLoad("B", cookies, threadPath);
  await sleep(SECONDS * 1000);
  const killedAt = Date.now();
  app.proc.kill("SIGKILL");
  await app.exited;
  app = startApp(embeddedEnv);
  const restartedAt = Date.now();
  await until200();
  const back = Date.now();
  await sleep(SECONDS * 1000);
  await load.stop();
  report("B. app kill -9 (embedded PostgreSQL orphaned), app restarted at once", {
    orphanTakenOver: /left running .* by an earlier run/.test(app.log()),
    secondsFromKillTo200: (back - killedAt) / 1000,
    secondsFromRestartTo200: (back - restartedAt) / 1000,
    ...(await verify("B", load)),
  });
}

// ---- C: the app's own embedded PostgreSQL killed -9; the app starts it again ---------------
{
  const load = writeLoad("C", cookies, threadPath);
  await sleep(SECONDS * 1000);
  const postmaster = Number(readFileSync(path.join(DATA_DIR, "postmaster.pid"), "utf8").split("\n")[0]);
  const killedAt = Date.now();
  process.kill(postmaster, "SIGKILL");
  await sleep(500);
  await until200();
  const back = Date.now();
  await sleep(SECONDS * 1000);
  await load.stop();
  report("C. embedded PostgreSQL kill -9, restarted by the app", {
    appStayedUp: app.proc.exitCode === null && app.proc.signalCode === null,
    secondsFromKillTo200: (back - killedAt) / 1000,
    ...(await verify("C", load)),
  });
}
app.proc.kill("SIGTERM");
await app.exited;
if (process.env.BENCH_LOG) console.log(app.log());

const ok = results.every((r) => r.lost === 0 && Number(r.secondsFromRestartTo200 ?? r.secondsFromKillTo200) < 10 && r.outboxDrainedS !== null);
console.log(`\n${ok ? "PASS" : "MISS"}: 0 acknowledged writes lost, pages back within 10 s and the search outbox drained in every scenario`);
process.exit(ok ? 0 : 1);
