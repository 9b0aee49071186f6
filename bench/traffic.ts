// npm run bench:traffic [-- --seconds 15 --connections 20 --profiles guests,members,churn --cache on,off --prepared on]
// Thread pages under real traffic (issue 17, section 1): many people reading many threads, not one
// cached page. On the shared forum dataset (2,000 topics × 10 posts, the data the reference forum
// was measured on): `node ../shared/bench/forum-dataset-gen.js /tmp/forum-dataset.json`, then
// `BENCH_PG_DATA_DIR=.data/bench-dataset-pg BENCH_PG_PORT=54341 npm run bench:seed -- --dataset
// /tmp/forum-dataset.json`, and run this with the same two variables. Production build first.
// Profiles, each with the page cache on and off, side by side in one run:
//   guests  — 200 distinct threads (about 10 posts each) in turn, as guests;
//   members — the same 200 threads as 50 distinct signed-in members, one session per request's
//             member (a member's first view of a thread is a cache miss: the key includes the viewer);
//   churn   — a Zipf mix of threads (2,000) and members (50), with a reply posted every second to a
//             thread drawn from the same Zipf law (every reply invalidates that thread's pages).
// Prints req/s, p50/p95/p99, the page-cache hit rate (the X-Page-Cache header) and the peak RSS of
// each HTTP process. One HTTP process per core (WEB_CONCURRENCY), as production runs.
// `--cpu-prof` profiles the server processes (.data/prof). `--prepared on,off` adds the legs
// with PostgreSQL prepared statements off (PG_PREPARED_STATEMENTS=off), side by side.
import { availableParallelism, loadavg } from "node:os";
import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { benchDatabase, fmt, load, startServer, type Served } from "./lib";

const args = process.argv.slice(2);
const arg = (n: string, d: string) => (args.includes(`--${n}`) ? args[args.indexOf(`--${n}`) + 1] : d);
const seconds = Number(arg("seconds", "15"));
const connections = Number(arg("connections", "20"));
const profiles = arg("profiles", "guests,members,churn").split(",");
const cacheModes = arg("cache", "on,off").split(",");
// --prepared on,off: the same legs with the server's prepared statements on and off
// (PG_PREPARED_STATEMENTS, db/client.ts), side by side in one run. Default: on only.
const preparedModes = arg("prepared", "on").split(",");
for (const m of [...cacheModes, ...preparedModes]) if (!["on", "off"].includes(m)) throw new Error(`--cache and --prepared take on and/or off, not ${m}`);
for (const p of profiles) if (!["guests", "members", "churn"].includes(p)) throw new Error(`unknown profile ${p}`);
process.env.WEB_CONCURRENCY ??= String(availableParallelism());

/** A small deterministic PRNG (mulberry32), so every run asks for the same pages in the same order. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** Ranks 0..n-1 drawn with probability ∝ 1/(rank+1)^s. */
function zipf(n: number, s: number, random: () => number) {
  const cum: number[] = [];
  let total = 0;
  for (let k = 1; k <= n; k++) cum.push((total += 1 / k ** s));
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}
const childrenOf = (pid: number): number[] => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

const { db, url: dbUrl, stop: stopDb } = await benchDatabase();
process.env.DATABASE_URL ??= dbUrl; // the app modules below (sessions, replies) use the same database
const { startSession, readSession } = await import("../app/auth/lucia.server");
const { reply } = await import("../app/forum/posts.server");

const threads = (await sql<{ id: string; slug: string; posts: number }>`
  SELECT t.id, t.slug, t.reply_count + 1 AS posts FROM threads t
  WHERE t.slug LIKE 'dataset-%' AND t.deleted_at IS NULL AND t.visibility = 'public' ORDER BY t.id`.execute(db)).rows;
if (threads.length < 2000) throw new Error(`The bench database holds ${threads.length} dataset threads: load the shared dataset first (see the top of bench/traffic.ts)`);
const members = (await sql<{ id: string }>`
  SELECT u.id FROM users u WHERE u.handle LIKE 'bench-%' AND u.deactivated_at IS NULL
    AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id) ORDER BY u.handle LIMIT 50`.execute(db)).rows;
if (members.length < 50) throw new Error(`only ${members.length} dataset members: load the shared dataset first`);
// One session per member, made as signing in makes them.
const cookies = await Promise.all(members.map(async (m) => (await startSession(m.id, "bench:traffic")).split(";")[0]));
const path = (t: { id: string; slug: string }) => `/t/${t.id}-${t.slug}`;
const first200 = threads.slice(0, 200);
const avgPosts = first200.reduce((a, t) => a + Number(t.posts), 0) / first200.length;
console.log(`${availableParallelism()} cores, load ${loadavg().map((x) => x.toFixed(2)).join(" ")}; ${threads.length} dataset threads (the first 200 hold ${avgPosts.toFixed(1)} posts on average), ${members.length} members; ${process.env.WEB_CONCURRENCY} HTTP processes; ${connections} connections, ${seconds} s per leg`);

const accept = { "Accept-Encoding": "gzip, deflate, br" };

async function run(server: Served, profile: string) {
  const random = rng(17);
  let next: (i: number) => { path: string; headers?: Record<string, string> };
  let poster: NodeJS.Timeout | null = null;
  let replies = 0;
  if (profile === "guests") next = (i) => ({ path: path(first200[i % 200]) });
  else if (profile === "members") {
    // Member and thread both advance, so each member meets each thread (50 × 200 pairs).
    next = (i) => ({ path: path(first200[i % 200]), headers: { Cookie: cookies[Math.floor(i / 200 + i) % 50] } });
  } else {
    const thread = zipf(threads.length, 1, random);
    const member = zipf(members.length, 1, random);
    next = () => ({ path: path(threads[thread()]), headers: { Cookie: cookies[member()] } });
    const writer = rng(99);
    const pick = zipf(threads.length, 1, writer);
    const who = zipf(members.length, 1, writer);
    const viewers = await Promise.all(cookies.map(async (c) => (await readSession(c)).viewer));
    poster = setInterval(() => {
      const v = viewers[who()];
      if (!v) return;
      void reply({ db, viewer: v, now: new Date() }, threads[pick()].id, { body: `Ett svar under lastprovet, nummer ${++replies}.` }, { confirmMentions: true })
        .then((r) => { if (!r.ok) console.error(`reply refused: ${JSON.stringify(r)}`); });
    }, 1000);
  }
  const pids = [server.pid, ...childrenOf(server.pid)];
  const peak = new Map<number, number>(pids.map((p) => [p, rssMb(p)]));
  const sampler = setInterval(() => {
    for (const p of [server.pid, ...childrenOf(server.pid)]) peak.set(p, Math.max(peak.get(p) ?? 0, rssMb(p) || 0));
  }, 250);
  try {
    await load({ base: server.url, connections: 4, seconds: 2, next, headers: accept }); // warm-up
    return { ...(await load({ base: server.url, connections, seconds, next, headers: accept })), peak, replies };
  } finally {
    clearInterval(sampler);
    if (poster) clearInterval(poster);
  }
}

const results: string[] = [];
try {
  for (const prepared of preparedModes) for (const mode of cacheModes) {
    const port = 3900 + Math.floor(Math.random() * 90);
    // --cpu-prof: the server processes write V8 CPU profiles to .data/prof (open in Chrome devtools).
    const server = await startServer(dbUrl, port, args.includes("--cpu-prof") ? ["--cpu-prof", "--cpu-prof-dir=.data/prof"] : [], { PAGE_CACHE_MB: mode === "off" ? "0" : "64", LOG_LEVEL: "warn", PG_PREPARED_STATEMENTS: prepared });
    try {
      const check = await fetch(server.url + path(threads[0]));
      if (check.status !== 200) throw new Error(`thread page answered ${check.status}`);
      const kib = (await check.text()).length / 1024;
      console.log(`page cache ${mode}: a thread page is ${kib.toFixed(0)} KiB of HTML`);
      for (const profile of profiles) {
        const r = await run(server, profile);
        const served = r.cacheHits + r.cacheMisses;
        const rss = [...r.peak.entries()].filter(([, v]) => v > 0).map(([p, v]) => `${p === server.pid ? "primary" : "http"} ${v.toFixed(0)}`).join(", ");
        const line = `${profile.padEnd(7)} cache ${mode.padEnd(3)}${preparedModes.length > 1 ? ` prepared ${prepared.padEnd(3)}` : ""}: ${fmt(r.rps)} req/s, p50 ${fmt(r.p50)} ms, p95 ${fmt(r.p95)} ms, p99 ${fmt(r.p99)} ms, ${r.requests} requests, ${r.errors} errors; page-cache hit rate ${served ? ((100 * r.cacheHits) / served).toFixed(1) : "–"} %${profile === "churn" ? `; ${r.replies} replies posted` : ""}; peak RSS MB: ${rss}`;
        console.log(line);
        results.push(line);
      }
    } finally {
      await server.stop();
    }
  }
  console.log("\nside by side:\n" + results.join("\n"));
} finally {
  await stopDb();
  process.exit(0);
}
