// npm run bench:sse [-- --connections 1000]
// 1,000 open live streams (SSE, /events) held by ONE app process: its extra resident memory.
// Target: under 100 MB. Signed-in streams (the bell) on a fresh scratch database; the process's
// RSS is read from /proc before and after, after a GC settle and with every stream confirmed
// open (its first "state" message read). Then one NOTIFY for everyone is timed to the last stream.
import net from "node:net";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { spawn } from "node:child_process";
import pg from "pg";
import { sql } from "kysely";
import { createDb } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";
import { migrateToLatest } from "../db/migrate";
import { hashPassword } from "../app/auth/password.server";
import { LIVE_CHANNEL } from "../app/events/types";

const args = process.argv.slice(2);
const N = Number(args.includes("--connections") ? args[args.indexOf("--connections") + 1] : "1000");
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let admin = process.env.DATABASE_URL;
const embedded = admin ? null : await startEmbeddedPostgres({ dataDir: process.env.BENCH_PG_DATA_DIR ?? ".data/bench-sse-pg", port: Number(process.env.BENCH_PG_PORT ?? 54359), database: "postgres", quiet: true });
admin ??= embedded!.url;
const name = `allm_sse_${randomBytes(4).toString("hex")}`;
const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query(`CREATE DATABASE ${name}`);
const u = new URL(admin);
u.pathname = `/${name}`;
const dbUrl = u.toString();
const db = createDb(dbUrl, 2);
const port = 3990 + Math.floor(Math.random() * 9);
const child = spawn(process.execPath, ["build/server.mjs"], {
  env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", SEED: "never", WEB_CONCURRENCY: "1", SEARCH_WORKER: "0", SMTP_URL: "smtp://127.0.0.1:2" },
  stdio: ["ignore", "pipe", "pipe"],
});
let log = "";
child.stdout?.on("data", (d) => (log += d));
child.stderr?.on("data", (d) => (log += d));
const sockets: net.Socket[] = [];
try {
  await migrateToLatest(db, undefined, dbUrl);
  const org = await db.insertInto("organisations").values({ slug: "sse", name: "SSE", kind: "municipality", email_domains: [] }).returning("id").executeTakeFirstOrThrow();
  const user = await db.insertInto("users").values({ email: "sse@b.se", handle: "sse", name: "SSE", primary_org_id: org.id, email_verified_at: new Date(), password_hash: await hashPassword("bench-password-1") }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("memberships").values({ user_id: user.id, org_id: org.id, role: "member" }).execute();
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* starting */ }
    if (child.exitCode !== null) throw new Error(`server exited:\n${log}`);
    await sleep(200);
  }
  const login = await fetch(`${base}/login`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base }, body: new URLSearchParams({ email: "sse@b.se", password: "bench-password-1" }) });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
  if (!cookie.includes("=")) throw new Error(`login failed: ${login.status}`);
  // Warm up (code paths, pools), then settle.
  for (let i = 0; i < 20; i++) await (await fetch(`${base}/notifications/count`, { headers: { Cookie: cookie } })).text();
  await sleep(3000);
  const before = rssMb(child.pid!);

  // Each stream: a raw socket that reads and counts its "state" messages.
  const states: number[] = new Array(N).fill(0);
  const open = (i: number) => new Promise<void>((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1", () => s.write(`GET /events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\nCookie: ${cookie}\r\n\r\n`));
    s.setEncoding("utf8");
    s.on("data", (d: string) => {
      states[i] += d.split("event: state").length - 1;
      if (states[i] > 0) resolve();
    });
    s.on("error", reject);
    sockets.push(s);
  });
  const t0 = Date.now();
  for (let i = 0; i < N; i += 50) await Promise.all(Array.from({ length: Math.min(50, N - i) }, (_, k) => open(i + k)));
  console.log(`${N} streams open in ${((Date.now() - t0) / 1000).toFixed(1)} s (each has its first state)`);
  await sleep(3000);
  const held = rssMb(child.pid!);
  console.log(`app process RSS: ${before.toFixed(0)} MB before, ${held.toFixed(0)} MB with ${N} open streams: +${(held - before).toFixed(1)} MB (target < 100 MB)`);

  // One NOTIFY for this person: every stream recomputes and sends; time to the last one.
  const seen = states.slice();
  const t1 = Date.now();
  await sql`SELECT pg_notify(${LIVE_CHANNEL}, ${JSON.stringify({ e: "1", u: [user.id] })})`.execute(db);
  while (states.some((n, i) => n <= seen[i]) && Date.now() - t1 < 60_000) await sleep(20);
  const got = states.filter((n, i) => n > seen[i]).length;
  console.log(`one NOTIFY reached ${got}/${N} streams in ${Date.now() - t1} ms; RSS then ${rssMb(child.pid!).toFixed(0)} MB`);
} finally {
  for (const s of sockets) s.destroy();
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  await db.destroy();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
  await embedded?.stop();
}
