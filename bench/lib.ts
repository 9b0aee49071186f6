// Shared bench helpers: a database (DATABASE_URL or a separate embedded server under
// .data/bench-pg), a production server process, and a small closed-loop HTTP load generator
// that reports the percentiles the targets are written in (p50/p95/p99).
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
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

/** How a server is started: compiled (`build/server.mjs`, as deployed) or from source through tsx (before 2026-12-08). */
export type ServerEntry = "compiled" | "source";
const SERVER_ENTRIES: Record<ServerEntry, string[]> = { compiled: ["build/server.mjs"], source: ["--import", "tsx", "server.ts"] };

/**
 * A production server process. `nodeArgs`: extra node flags for the server (and its workers, which
 * inherit them), e.g. --cpu-prof; `env`: settings on top of the bench defaults.
 */
export async function startServer(databaseUrl: string, port: number, nodeArgs: string[] = [], env: Record<string, string> = {}, serverArgs: string[] = [], entry: ServerEntry = "compiled"): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...SERVER_ENTRIES[entry], ...serverArgs], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: "production", SEED: "never", DEMO_MODE: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return whenServing(child, port);
}

export type Served = { url: string; pid: number; log: () => string; alive: () => boolean; stop: () => Promise<void> };

/** Waits until a spawned server on 127.0.0.1:`port` answers /healthz; its output is kept for errors. */
export async function whenServing(child: ChildProcess, port: number): Promise<Served> {
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
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    url, pid: child.pid!, log: () => log, alive,
    stop: async () => {
      if (!alive()) return;
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Runs `connections` keep-alive connections against paths from `next()` for `seconds` (closed
 * loop: a connection sends its next request when the last one has answered). The client is a
 * minimal HTTP/1.1 reader over a plain socket (status line, Content-Length or chunked bodies,
 * counted rather than kept): node:http's client took half a core at 600 req/s of 185 KiB pages,
 * CPU that on a 2-core machine is taken from the server being measured. Latency is each
 * response's own time, from writing the request to its last byte.
 */
export async function load(opts: {
  base: string;
  connections: number;
  seconds: number;
  /** The next request's path, or its path and headers of its own (on top of `headers`). */
  next: (i: number) => string | { path: string; headers?: Record<string, string> };
  headers?: Record<string, string>;
}): Promise<{ requests: number; errors: number; rps: number; p50: number; p95: number; p99: number; max: number; cacheHits: number; cacheMisses: number }> {
  const base = new URL(opts.base);
  const lines = (h: Record<string, string> | undefined) => Object.entries(h ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  const extra = lines(opts.headers);
  const latencies: number[] = [];
  let errors = 0;
  let cacheHits = 0;
  let cacheMisses = 0;
  let counter = 0;
  const until = Date.now() + opts.seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      const conn = new RawConnection(base.hostname, Number(base.port || 80));
      try {
        while (Date.now() < until) {
          const n = opts.next(counter++);
          const [path, own] = typeof n === "string" ? [n, ""] : [n.path, lines(n.headers)];
          const t = process.hrtime.bigint();
          const status = await conn.get(`GET ${path} HTTP/1.1\r\nHost: ${base.host}\r\n${extra}${own}\r\n`).catch(() => 0);
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
          if (status !== 200) errors++;
          if (conn.pageCache === "hit") cacheHits++;
          else if (conn.pageCache === "miss") cacheMisses++;
        }
      } finally {
        conn.close();
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    cacheHits,
    cacheMisses,
  };
}

/** One keep-alive connection answering one request at a time (reconnects when the server closes). */
export class RawConnection {
  private socket: net.Socket | null = null;
  private head = "";
  private status = 0;
  private mode: "head" | "length" | "size" | "data" | "end" = "head";
  private remaining = 0;
  private sizeLine = "";
  /** The last response's X-Page-Cache header (the app's page cache: hit or miss), if any. */
  pageCache: string | null = null;
  private pending: { resolve: (status: number) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | null = null;

  constructor(private readonly host: string, private readonly port: number) {}

  get(request: string): Promise<number> {
    if (!this.socket || this.socket.destroyed) this.connect();
    this.head = "";
    this.mode = "head";
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error("timeout")), 10_000);
      this.pending = { resolve, reject, timer };
      this.socket!.write(request);
    });
  }

  close() {
    this.socket?.destroy();
  }

  private connect() {
    const socket = net.connect(this.port, this.host);
    socket.setNoDelay(true);
    socket.on("data", (d: Buffer) => this.onData(d));
    socket.on("error", (e) => this.fail(e));
    socket.on("close", () => this.fail(new Error("closed")));
    this.socket = socket;
  }

  private fail(e: Error) {
    const p = this.pending;
    this.pending = null;
    this.socket?.destroy();
    this.socket = null;
    if (p) {
      clearTimeout(p.timer);
      p.reject(e);
    }
  }

  private done() {
    const p = this.pending;
    this.pending = null;
    if (p) {
      clearTimeout(p.timer);
      p.resolve(this.status);
    }
  }

  private onData(d: Buffer) {
    let i = 0;
    if (this.mode === "head") {
      this.head += d.toString("latin1");
      const end = this.head.indexOf("\r\n\r\n");
      if (end === -1) return;
      const lines = this.head.slice(0, end).split("\r\n");
      this.status = Number(lines[0].split(" ")[1]);
      const header = (name: string) => lines.find((l) => l.toLowerCase().startsWith(name + ":"))?.slice(name.length + 1).trim();
      const length = header("content-length");
      this.pageCache = header("x-page-cache")?.toLowerCase() ?? null;
      i = d.length - (this.head.length - (end + 4));
      if (length !== undefined) {
        this.mode = "length";
        this.remaining = Number(length);
      } else if (header("transfer-encoding")?.toLowerCase() === "chunked") {
        this.mode = "size";
        this.sizeLine = "";
      } else {
        return this.fail(new Error("unsupported response framing"));
      }
    }
    while (i <= d.length) {
      if (this.mode === "length") {
        const take = Math.min(this.remaining, d.length - i);
        this.remaining -= take;
        i += take;
        if (this.remaining === 0) return this.done();
        return;
      }
      if (this.mode === "size") {
        const nl = d.indexOf(10, i);
        if (nl === -1) {
          this.sizeLine += d.toString("latin1", i);
          return;
        }
        this.sizeLine += d.toString("latin1", i, nl);
        i = nl + 1;
        const size = parseInt(this.sizeLine.trim().split(";")[0], 16);
        this.sizeLine = "";
        this.mode = size === 0 ? "end" : "data";
        this.remaining = size === 0 ? 2 : size + 2; // the chunk, then its CRLF (or the final CRLF)
        continue;
      }
      // "data" or "end": skip counted bytes
      const take = Math.min(this.remaining, d.length - i);
      this.remaining -= take;
      i += take;
      if (this.remaining > 0) return;
      if (this.mode === "end") return this.done();
      this.mode = "size";
      if (i === d.length) return;
    }
  }
}

export const fmt = (n: number) => n.toFixed(1);
