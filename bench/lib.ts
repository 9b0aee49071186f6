// Shared bench helpers: a database (DATABASE_URL or a separate embedded server under
// .data/bench-pg), a production server process, and a small closed-loop HTTP load generator
// that reports the percentiles the targets are written in (p50/p95/p99).
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { createDb, type DB } from "../db/client";
import { startEmbeddedPostgres, type EmbeddedServer } from "../db/embedded";

export async function benchDatabase(): Promise<{ db: DB; url: string; stop: () => Promise<void> }> {
  let embedded: EmbeddedServer | null = null;
  let url = process.env.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: process.env.BENCH_PG_DATA_DIR ?? ".data/bench-pg",
      port: Number(process.env.BENCH_PG_PORT ?? 54339),
      database: "allmanning_bench",
    });
    url = embedded.url;
  }
  const db = createDb(url, 8);
  return { db, url, stop: async () => { await db.destroy(); await embedded?.stop(); } };
}

export async function startServer(databaseUrl: string, port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: "production", SEED: "never", DEMO_MODE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch { /* starting */ }
    if (child.exitCode !== null) throw new Error(`server exited:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, stop: async () => { child.kill("SIGTERM"); await new Promise((r) => child.once("exit", r)); } };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs `connections` keep-alive loops against paths from `next()` for `seconds`. */
export async function load(opts: {
  base: string;
  connections: number;
  seconds: number;
  next: (i: number) => string;
  headers?: Record<string, string>;
}): Promise<{ requests: number; errors: number; rps: number; p50: number; p95: number; p99: number; max: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const latencies: number[] = [];
  let errors = 0;
  let counter = 0;
  const until = Date.now() + opts.seconds * 1000;
  const one = (path: string) =>
    new Promise<number>((resolve) => {
      const req = http.get(opts.base + path, { agent, headers: opts.headers }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", () => resolve(0));
      req.setTimeout(10_000, () => req.destroy());
    });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      while (Date.now() < until) {
        const t = process.hrtime.bigint();
        const status = await one(opts.next(counter++));
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        if (status !== 200) errors++;
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
  };
}

export const fmt = (n: number) => n.toFixed(1);
