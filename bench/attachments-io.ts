// npm run bench:attachments [-- --seconds 10 --connections 20 --uploads 10 --mb 20 --rounds 3]
// Attachment I/O against the production build (run `npm run build` first), on a scratch
// database seeded with the demo data (DATABASE_URL as an admin URL, or an embedded server):
//   (a) `--uploads` concurrent uploads of a distinct ~20 MB PDF each to POST /attachments/upload
//       as a signed-in member: the server process's RSS before, at its peak and after;
//   (b) downloads of one of them at `--connections` keep-alive connections for `--seconds`,
//       against a plain node:http static file server of the same bytes in the same run:
//       throughput (MB/s) of both, their ratio, and p50/p95 time to first byte.
// Deployed as production is (README, "Roles"): one `web` process (WEB_CONCURRENCY=1) answers the
// uploads and downloads, and a separate `worker` process runs the jobs they enqueue (text
// extraction of each PDF). The upload target is the web process's RSS; the worker's is reported
// beside it. The client is the same node:http loop for both servers.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { createDb } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";
import { migrateToLatest } from "../db/migrate";
import { seed } from "../db/seed";
import { percentile, startServer, whenServing } from "./lib";

const args = process.argv.slice(2);
const arg = (n: string, d: string) => (args.includes(`--${n}`) ? args[args.indexOf(`--${n}`) + 1] : d);
const SECONDS = Number(arg("seconds", "10"));
const CONNECTIONS = Number(arg("connections", "20"));
const UPLOADS = Number(arg("uploads", "10"));
const TARGET_MB = Number(arg("mb", "20"));
const ROUNDS = Number(arg("rounds", "3"));
const MB = 1024 * 1024;
const mb = (b: number) => (b / MB).toFixed(1);

/** Seeded noise (xorshift32): the same PDF on every run, so a run never differs by chance. */
function noiseBytes(n: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

/** A PDF of about `target` bytes: pages of incompressible JPEG noise (a scanned document's worth). */
async function bigPdf(target: number): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  let size = 0;
  for (let page = 1; size < target; page++) {
    const side = 1400;
    const noise = await sharp(noiseBytes(side * side * 3, page * 7919), { raw: { width: side, height: side, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
    const img = await doc.embedJpg(noise);
    doc.addPage([595, 842]).drawImage(img, { x: 0, y: 0, width: 595, height: 842 });
    size += noise.length;
  }
  return doc;
}

function rssOf(pid: number): number {
  let text = "";
  try {
    text = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return NaN; // the process has gone
  }
  const m = /VmRSS:\s+(\d+) kB/.exec(text);
  return m ? Number(m[1]) * 1024 : NaN;
}

const SERVER_ENV = { WEB_CONCURRENCY: "1", ATTACHMENT_DAILY_QUOTA_MB: "100000", LOG_LEVEL: "warn" };
const spawnServer = (databaseUrl: string, port: number) => startServer(databaseUrl, port, process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(" ") : [], SERVER_ENV, ["web"]);

/** The job worker of the same deployment: started, and ready once it says so. */
async function spawnWorker(databaseUrl: string) {
  const child = spawn(process.execPath, ["build/server.mjs", "worker"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production", SEED: "never", DEMO_MODE: "1", ...SERVER_ENV },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  await new Promise<void>((resolve, reject) => {
    const seen = (d: Buffer) => {
      log += d;
      if (log.includes("worker is running")) resolve();
    };
    child.stdout.on("data", seen);
    child.stderr.on("data", seen);
    child.once("exit", () => reject(new Error(`worker exited:\n${log}`)));
  });
  return { pid: child.pid!, stop: async () => { child.kill("SIGTERM"); await new Promise((r) => child.once("exit", r)); } };
}

/** The plain comparison: node:http answering the file from disk with a read stream. */
function spawnStatic(file: string, port: number) {
  const code = `
    const http = require("node:http"); const fs = require("node:fs");
    const size = fs.statSync(${JSON.stringify(file)}).size;
    http.createServer((req, res) => {
      if (req.url === "/healthz") return res.end("ok");
      res.writeHead(200, { "Content-Type": "application/pdf", "Content-Length": size });
      fs.createReadStream(${JSON.stringify(file)}).pipe(res);
    }).listen(${port}, "127.0.0.1");`;
  return whenServing(spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "pipe"] }), port);
}

/** Closed-loop GETs at `connections` keep-alive connections: bytes, time to first byte, errors. */
async function download(url: string, headers: Record<string, string>, connections: number, seconds: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const ttfb: number[] = [];
  const serverMs: number[] = []; // the app's Server-Timing: permission check + opening the bytes
  const checkMs: number[] = []; // of which the permission check alone (session + read rule)
  const parts = { session: [] as number[], check: [] as number[], open: [] as number[] }; // each part alone
  let bytes = 0;
  let errors = 0;
  let done = 0;
  const until = Date.now() + seconds * 1000;
  const started = Date.now();
  const one = () => new Promise<void>((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.get(url, { agent, headers }, (res) => {
      ttfb.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const st = String(res.headers["server-timing"] ?? "");
      if (st) {
        // `first` (a cached file): request to first body byte written, everything included;
        // otherwise the parts' sum (the bytes then come from the store's stream).
        const first = /first;dur=([\d.]+)/.exec(st);
        serverMs.push(first ? Number(first[1]) : [...st.matchAll(/(?:session|check|open);dur=([\d.]+)/g)].reduce((a, m) => a + Number(m[1]), 0));
        checkMs.push(Number(/session;dur=([\d.]+)/.exec(st)?.[1] ?? 0) + Number(/check;dur=([\d.]+)/.exec(st)?.[1] ?? NaN));
        for (const k of ["session", "check", "open"] as const) {
          const m = new RegExp(`${k};dur=([\\d.]+)`).exec(st);
          if (m) parts[k].push(Number(m[1]));
        }
      }
      if (res.statusCode !== 200) errors++;
      res.on("data", (c: Buffer) => (bytes += c.length));
      res.on("end", () => (done++, resolve()));
      res.on("error", () => (errors++, resolve()));
    });
    req.on("error", () => (errors++, resolve()));
  });
  await Promise.all(Array.from({ length: connections }, async () => {
    while (Date.now() < until) await one();
  }));
  const elapsed = (Date.now() - started) / 1000;
  agent.destroy();
  ttfb.sort((a, b) => a - b);
  serverMs.sort((a, b) => a - b);
  checkMs.sort((a, b) => a - b);
  return {
    mbps: bytes / MB / elapsed, requests: done, errors, p50: percentile(ttfb, 50), p95: percentile(ttfb, 95),
    serverP50: serverMs.length ? percentile(serverMs, 50) : NaN, serverP95: serverMs.length ? percentile(serverMs, 95) : NaN,
    checkP95: checkMs.length ? percentile(checkMs, 95) : NaN,
    partsP95: Object.entries(parts).filter(([, v]) => v.length).map(([k, v]) => `${k} ${percentile(v.sort((a, b) => a - b), 95).toFixed(1)}`).join(", "),
  };
}

let admin = process.env.DATABASE_URL;
const embedded = admin ? null : await startEmbeddedPostgres({ dataDir: process.env.BENCH_PG_DATA_DIR ?? ".data/bench-att-io-pg", port: Number(process.env.BENCH_PG_PORT ?? 54363), database: "postgres", quiet: true });
admin ??= embedded!.url;
const name = `allm_attio_${randomBytes(4).toString("hex")}`;
const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query(`CREATE DATABASE ${name}`);
const u = new URL(admin);
u.pathname = `/${name}`;
const dbUrl = u.toString();
const db = createDb(dbUrl, 4);
const dir = await mkdtemp(path.join(tmpdir(), "allm-bench-att-io-"));
const stops: (() => Promise<void>)[] = [];
let serverLog: (() => string) | null = null;
try {
  await migrateToLatest(db, undefined, dbUrl);
  await seed(db, { demo: true });
  const doc = await bigPdf(TARGET_MB * MB);
  const pdfs: Buffer[] = [];
  for (let i = 0; i < 2 * UPLOADS; i++) {
    doc.setTitle(`Bänkprov ${i + 1}`); // distinct bytes per upload: none is answered from an earlier one
    pdfs.push(Buffer.from(await doc.save()));
  }
  console.log(`${cpus().length} CPUs, load ${loadavg().map((x) => x.toFixed(2)).join(" ")}; ${pdfs.length} PDFs of ${mb(pdfs[0].length)} MB`);

  const port = 3900 + Math.floor(Math.random() * 90);
  const app = await spawnServer(dbUrl, port);
  stops.push(app.stop);
  serverLog = app.log;
  const worker = await spawnWorker(dbUrl);
  stops.push(worker.stop);
  const login = await fetch(`${app.url}/login`, {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
    body: new URLSearchParams({ email: "peter.nystrom@gavle.se", password: "allmanning-demo" }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
  if (!cookie) throw new Error(`login failed: ${login.status}`);
  // Warm the routes once with a small PDF of the same kind (~1 MB: sniffed, hashed, stored,
  // extracted as the big ones are), so the baseline holds the code the uploads run. The empty
  // file this used to send was refused before any of that ran: the "cold" burst then paid for
  // compiling and first use of the whole upload path (+78–94 MB, 2026-12-07/08).
  const warm = await bigPdf(MB);
  warm.setTitle("Uppvärmning");
  const small = new FormData();
  small.append("files", new Blob([new Uint8Array(await warm.save())], { type: "application/pdf" }), "uppvarmning.pdf");
  const warmed = await fetch(`${app.url}/attachments/upload`, { method: "POST", headers: { Cookie: cookie, Origin: app.url }, body: small });
  if (warmed.status !== 200) throw new Error(`the warm-up upload was refused: ${warmed.status} ${await warmed.text()}`);
  await warmed.text();
  await new Promise((r) => setTimeout(r, 1000));

  // (a) concurrent uploads, the processes' RSS sampled every 50 ms. Two bursts of distinct 20 MB
  // PDFs after one of small ones: the first meets a process that has done concurrent uploads
  // once (labelled "cold"), the second a warm one, as a server in service is. All are reported.
  const burst = async (label: string, files: Buffer[]) => {
    const before = rssOf(app.pid);
    const workerBefore = rssOf(worker.pid);
    let peak = before;
    let workerPeak = workerBefore;
    const sampler = setInterval(() => {
      const r = rssOf(app.pid);
      if (r === r) peak = Math.max(peak, r);
      const w = rssOf(worker.pid);
      if (w === w) workerPeak = Math.max(workerPeak, w);
    }, 50);
    const t0 = Date.now();
    const results = await Promise.all(files.map(async (bytes, i) => {
      const form = new FormData();
      form.append("files", new Blob([new Uint8Array(bytes)], { type: "application/pdf" }), `krav-${i + 1}.pdf`);
      try {
        const r = await fetch(`${app.url}/attachments/upload`, { method: "POST", headers: { Cookie: cookie, Origin: app.url }, body: form });
        return { status: r.status, body: (await r.json()) as { ok: boolean; uploaded?: { publicId: string; filename: string; size: number }[] } };
      } catch (e) {
        return { status: 0, body: { ok: false, error: String(e) } as { ok: boolean; uploaded?: { publicId: string; filename: string; size: number }[] } };
      }
    }));
    if (!app.alive()) throw new Error(`the server died during the uploads (peak RSS seen ${mb(peak)} MB):\n${app.log().slice(-3000)}`);
    const uploadSeconds = (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 2000));
    clearInterval(sampler);
    const after = rssOf(app.pid);
    const stored = results.flatMap((r) => r.body.uploaded ?? []);
    console.log(`(a) ${label}: ${files.length} concurrent uploads of ${mb(files[0].length)} MB: ${stored.length} stored, statuses ${[...new Set(results.map((r) => r.status))].join(",")}, ${uploadSeconds.toFixed(1)} s`);
    console.log(`    web process RSS ${mb(before)} MB before, peak ${mb(peak)} MB (+${mb(peak - before)} MB), ${mb(after)} MB 2 s after`);
    console.log(`    worker process RSS ${mb(workerBefore)} MB before, peak ${mb(workerPeak)} MB (+${mb(workerPeak - workerBefore)} MB) in the same time`);
    return { stored, results };
  };
  // First, the same number of concurrent uploads of ~2 MB PDFs: the process's first concurrent
  // uploads (pool connections opened, code compiled, heap grown to its working size), reported
  // too. The two 20 MB bursts after it then show what grows with the files' size.
  const smalls: Buffer[] = [];
  for (let i = 0; i < UPLOADS; i++) {
    warm.setTitle(`Liten ${i + 1}`);
    smalls.push(Buffer.from(await warm.save()));
  }
  await burst("first concurrent uploads, small PDFs", smalls);
  await burst("cold process", pdfs.slice(UPLOADS));
  const { stored, results } = await burst("warm process", pdfs.slice(0, UPLOADS));
  if (stored.length === 0) throw new Error(`no upload stored: ${JSON.stringify(results[0].body)}`);

  // (b) downloads, in steady state: the worker first finishes extracting the text of the uploads
  // (otherwise its jobs share the two cores with whichever leg runs first).
  const drained = Date.now();
  const jobs = new pg.Client({ connectionString: dbUrl });
  await jobs.connect();
  for (;;) {
    const { rows } = await jobs.query<{ n: number }>(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'attachment_extract'`);
    if (rows[0].n === 0 || Date.now() - drained > 180_000) {
      console.log(`    the worker's text extraction of the uploads: done ${((Date.now() - drained) / 1000).toFixed(0)} s after the last burst${rows[0].n ? ` (${rows[0].n} jobs still queued after 180 s)` : ""}`);
      break;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  // The uploads left ~400 MB of chunks and their WAL for PostgreSQL to write back; a checkpoint
  // now does it before the legs, not during whichever leg a timed checkpoint falls in.
  const cp = Date.now();
  await jobs.query("CHECKPOINT");
  console.log(`    CHECKPOINT after the uploads: ${((Date.now() - cp) / 1000).toFixed(1)} s`);
  await jobs.end();
  // The app's route vs a static file server of the same bytes.
  const file = stored[0];
  const local = path.join(dir, "same.pdf");
  await writeFile(local, pdfs[0]);
  const st = await spawnStatic(local, port + 1);
  stops.push(st.stop);
  const appUrl = `${app.url}/a/${file.publicId}/${encodeURIComponent(file.filename)}`;
  const check = await fetch(appUrl, { headers: { Cookie: cookie } });
  if (check.status !== 200 || Number(check.headers.get("content-length")) !== pdfs[0].length) throw new Error(`download answered ${check.status}, ${check.headers.get("content-length")} bytes`);
  await check.arrayBuffer();
  await download(appUrl, { Cookie: cookie }, 4, 2); // warm-up
  await download(`${st.url}/same.pdf`, {}, 4, 2);
  const row = (label: string, r: Awaited<ReturnType<typeof download>>) =>
    `    ${label}: ${r.mbps.toFixed(0)} MB/s, ${r.requests} downloads, ${r.errors} errors, TTFB p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms` +
    (r.serverP95 === r.serverP95 ? `; request to first byte in the server (session, permission check, first byte) p50 ${r.serverP50.toFixed(1)} ms, p95 ${r.serverP95.toFixed(1)} ms (the check alone p95 ${r.checkP95.toFixed(1)} ms; p95 per part: ${r.partsP95} ms)` : "");
  console.log(`(b) downloads of ${mb(pdfs[0].length)} MB at ${CONNECTIONS} connections, ${SECONDS} s per leg, ${ROUNDS} rounds (app, static, app, static, …):`);
  const ratios: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const ours = await download(appUrl, { Cookie: cookie }, CONNECTIONS, SECONDS);
    const plain = await download(`${st.url}/same.pdf`, {}, CONNECTIONS, SECONDS);
    console.log(`  round ${round}, load ${loadavg()[0].toFixed(2)}:`);
    console.log(row("app /a/<id> (PostgreSQL store + read cache)", ours));
    console.log(row("node:http static file                      ", plain));
    ratios.push(ours.mbps / plain.mbps);
    console.log(`    throughput ratio app/static ${(ours.mbps / plain.mbps).toFixed(2)}`);
  }
  console.log(`    median ratio over ${ROUNDS} rounds: ${percentile([...ratios].sort((a, b) => a - b), 50).toFixed(2)}`);
} finally {
  // BENCH_SERVER_LOG=<file>: the web process's output (e.g. with BENCH_NODE_ARGS=--trace-gc).
  if (process.env.BENCH_SERVER_LOG && serverLog) await writeFile(process.env.BENCH_SERVER_LOG, serverLog());
  for (const s of stops.reverse()) await s().catch(() => undefined);
  await db.destroy();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  await c.end();
  await embedded?.stop();
  await rm(dir, { recursive: true, force: true });
}
