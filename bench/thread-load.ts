// npm run bench:thread [-- --seconds 20 --connections 20]
// Load test of the thread page (a question with 100 replies) as a signed-in member, against the
// production build and the bench database (run `npm run bench:seed` first). Prints req/s and
// p50/p95/p99 latency. Target: p95 under 50 ms at 20 connections.
import { availableParallelism } from "node:os";
import { sql } from "kysely";
import { benchDatabase, fmt, load, startServer } from "./lib";

const args = process.argv.slice(2);
const arg = (n: string, d: string) => (args.includes(`--${n}`) ? args[args.indexOf(`--${n}`) + 1] : d);
const seconds = Number(arg("seconds", "20"));
const connections = Number(arg("connections", "20"));
// One HTTP process per core, as production runs (WEB_CONCURRENCY); `--no-cache` measures rendering
// every request (PAGE_CACHE_MB=0) instead of the page cache.
process.env.WEB_CONCURRENCY ??= String(availableParallelism());
if (args.includes("--no-cache")) process.env.PAGE_CACHE_MB = "0";

const { db, url: dbUrl, stop: stopDb } = await benchDatabase();
const thread = (await sql<{ id: string; slug: string; replies: number }>`
  SELECT t.id, t.slug, (SELECT count(*)::int FROM posts p WHERE p.thread_id = t.id) AS replies
  FROM threads t WHERE t.slug = 'benchmark-hundra-svar' AND t.deleted_at IS NULL LIMIT 1`.execute(db)).rows[0];
if (!thread) throw new Error("No benchmark thread: run `npm run bench:seed` first");
const counts = (await sql<{ t: string; p: string }>`SELECT (SELECT count(*) FROM threads) t, (SELECT count(*) FROM posts) p`.execute(db)).rows[0];

const port = 3900 + Math.floor(Math.random() * 90);
const server = await startServer(dbUrl, port);
try {
  // Sign in through the real form as a member (demo password), keep the session cookie.
  const res = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
    body: new URLSearchParams({ email: "peter.nystrom@gavle.se", password: "allmanning-demo" }),
  });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
  if (!cookie) throw new Error(`login failed: ${res.status}`);
  const path = `/t/${thread.id}-${thread.slug}`;
  const check = await fetch(server.url + path, { headers: { Cookie: cookie } });
  const html = await check.text();
  if (check.status !== 200) throw new Error(`thread page answered ${check.status}`);
  console.log(`thread ${path}: ${thread.replies} replies, ${(html.length / 1024).toFixed(0)} KiB HTML; database ${counts.t} threads, ${counts.p} posts`);
  console.log(`${process.env.WEB_CONCURRENCY} HTTP processes, page cache ${process.env.PAGE_CACHE_MB === "0" ? "off" : "on"}`);
  // As a browser asks: with its session cookie, accepting compressed responses.
  const headers = { Cookie: cookie, "Accept-Encoding": "gzip, deflate, br" };
  await load({ base: server.url, connections: 4, seconds: 3, next: () => path, headers }); // warm-up
  const r = await load({ base: server.url, connections, seconds, next: () => path, headers });
  console.log(`thread page, ${connections} connections, ${seconds} s: ${fmt(r.rps)} req/s, p50 ${fmt(r.p50)} ms, p95 ${fmt(r.p95)} ms, p99 ${fmt(r.p99)} ms, max ${fmt(r.max)} ms, ${r.requests} requests, ${r.errors} errors`);
} finally {
  await server.stop();
  await stopDb();
}
