// npm run bench:search-throughput [-- --seconds 20 --connections 20 --terms a,b,c]
// Throughput of the /search page as a guest under concurrency, the profile the reference forum
// was measured with (issue 18): the 5-term mix `lagerrapport, webpack, moderation, nginx, heroku`
// over the shared forum dataset, 20 keep-alive connections, the production build (`npm run build`
// first) with one HTTP process per core. Target: ≥ 200 req/s with p99 < 200 ms.
// Data: `node ../shared/bench/forum-dataset-gen.js /tmp/forum-dataset.json`, then
// `npm run bench:seed -- --dataset /tmp/forum-dataset.json` (use BENCH_PG_DATA_DIR to keep it apart
// from the synthetic bench data); the search index is built here when it is empty.
// Profiling: `--cpu-prof` starts the server processes with node --cpu-prof (profiles in .data/prof);
// `--no-cache` renders every request (PAGE_CACHE_MB=0).
import { availableParallelism } from "node:os";
import { mkdirSync } from "node:fs";
import { sql } from "kysely";
import { benchDatabase, fmt, load, startServer } from "./lib";
import { bulkReindexPostgres } from "../search/cli/reindex";

const args = process.argv.slice(2);
const arg = (n: string, d: string) => (args.includes(`--${n}`) ? args[args.indexOf(`--${n}`) + 1] : d);
const seconds = Number(arg("seconds", "20"));
const connections = Number(arg("connections", "20"));
const terms = arg("terms", "lagerrapport,webpack,moderation,nginx,heroku").split(",").map((t) => t.trim()).filter(Boolean);
process.env.WEB_CONCURRENCY ??= String(availableParallelism());
const prof = args.includes("--cpu-prof") ? ["--cpu-prof", "--cpu-prof-dir=.data/prof"] : [];
if (prof.length) mkdirSync(".data/prof", { recursive: true });
// `--no-cache` measures rendering every request (PAGE_CACHE_MB=0) instead of the page cache.
if (args.includes("--no-cache")) process.env.PAGE_CACHE_MB = "0";

const { db, url: dbUrl, stop: stopDb } = await benchDatabase();
let server: Awaited<ReturnType<typeof startServer>> | null = null;
try {
  const threads = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM threads`.execute(db)).rows[0].n);
  if (threads < 1000) throw new Error("The bench database holds no forum dataset: run `npm run bench:seed -- --dataset <file>` first");
  const docs = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM search_documents`.execute(db)).rows[0].n);
  if ((await docs()) < threads) {
    console.log("building the search index …");
    await bulkReindexPostgres(db, false);
  }
  const port = 3900 + Math.floor(Math.random() * 90);
  server = await startServer(dbUrl, port, prof);
  const base = server.url;
  const paths = terms.map((t) => `/search?q=${encodeURIComponent(t)}`);
  for (const p of paths) {
    const res = await fetch(base + p);
    const html = await res.text();
    if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
    const hits = (html.match(/class="hit"/g) ?? []).length;
    console.log(`  ${p.padEnd(28)} ${res.status}, ${(html.length / 1024).toFixed(0)} KiB${hits ? `, ${hits} hits shown` : ""}`);
  }
  console.log(`${threads} threads, ${await docs()} search documents; ${process.env.WEB_CONCURRENCY} HTTP processes; guest, terms ${terms.join(", ")}`);
  const headers = { "Accept-Encoding": "gzip, deflate, br" };
  await load({ base, connections: 4, seconds: 3, next: (i) => paths[i % paths.length], headers }); // warm-up
  const r = await load({ base, connections, seconds, next: (i) => paths[i % paths.length], headers });
  console.log(`/search as a guest, ${connections} connections, ${seconds} s: ${fmt(r.rps)} req/s, p50 ${fmt(r.p50)} ms, p95 ${fmt(r.p95)} ms, p99 ${fmt(r.p99)} ms, max ${fmt(r.max)} ms, ${r.requests} requests, ${r.errors} errors`);
  const ok = r.rps >= 200 && r.p99 < 200 && r.errors === 0;
  console.log(ok ? "target met (≥ 200 req/s, p99 < 200 ms)" : "WARNING: target not met (≥ 200 req/s, p99 < 200 ms, no errors)");
  process.exitCode = ok ? 0 : 1;
} finally {
  await server?.stop();
  await stopDb();
}
