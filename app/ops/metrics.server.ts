import { timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import client from "prom-client";
import { poolOf, type DB } from "../../db/client";
import { queueStats } from "./ops.repo.server";

// Prometheus metrics (prom-client). The server entry and the Remix bundle each load this module,
// so every metric is looked up in the one registry before it is made.
const registry = client.register;

function metric<T extends client.Metric<string>>(name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export const httpDuration = () =>
  metric(
    "http_request_duration_seconds",
    () =>
      new client.Histogram({
        name: "http_request_duration_seconds",
        help: "HTTP request latency by route (Remix route id), method and status class",
        labelNames: ["route", "method", "status"],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      }),
  );

export const pageCacheRequests = () =>
  metric(
    "page_cache_requests_total",
    () => new client.Counter({ name: "page_cache_requests_total", help: "Thread page requests answered from the page cache (hit) or rendered (miss)", labelNames: ["result"] }),
  );

export const searchDuration = () =>
  metric(
    "search_duration_seconds",
    () =>
      new client.Histogram({
        name: "search_duration_seconds",
        help: "Time to answer a search for a viewer (engine, permission re-check, hydration)",
        labelNames: ["engine"],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      }),
  );

/** Times one search; never throws because of the metric. */
export async function timedSearch<T>(engine: string, run: () => Promise<T>): Promise<T> {
  const end = searchDuration().startTimer({ engine });
  try {
    return await run();
  } finally {
    end();
  }
}

let collectorsInstalled = false;

/** Gauges read at scrape time: the job queue (from PostgreSQL) and the pool behind `db`. */
export function installCollectors(db: DB): void {
  if (collectorsInstalled) return;
  collectorsInstalled = true;
  client.collectDefaultMetrics({ register: registry });
  new client.Gauge({
    name: "job_queue_jobs",
    help: "Jobs in the queue by state: ready (due, not taken), scheduled (later), locked (running), failing (will be retried)",
    labelNames: ["state"],
    async collect() {
      try {
        const s = await queueStats(db);
        this.set({ state: "ready" }, s.ready);
        this.set({ state: "scheduled" }, s.scheduled);
        this.set({ state: "locked" }, s.locked);
        this.set({ state: "failing" }, s.failing);
      } catch {
        /* database down: leave the last values */
      }
    },
  });
  new client.Gauge({
    name: "job_queue_oldest_ready_age_seconds",
    help: "Age of the oldest job that is due and not yet taken (0 when none waits)",
    async collect() {
      try {
        this.set((await queueStats(db)).oldestReadyAgeSeconds);
      } catch {
        /* database down */
      }
    },
  });
  new client.Gauge({
    name: "db_pool_connections",
    help: "This process's PostgreSQL pool: total, idle and waiting clients",
    labelNames: ["state"],
    collect() {
      const p = poolOf(db);
      this.set({ state: "total" }, p.totalCount);
      this.set({ state: "idle" }, p.idleCount);
      this.set({ state: "waiting" }, p.waitingCount);
    },
  });
}

function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(`Bearer ${expected}`);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics` in Prometheus text format. With METRICS_TOKEN set it needs
 * `Authorization: Bearer <token>`; without one it is not served on the public port at all (404),
 * only on METRICS_PORT if that is set (bind it to a private address).
 */
export function metricsEndpoint(opts: { token?: string; open?: boolean }) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.path !== "/metrics" || req.method !== "GET") return next();
    if (!opts.open) {
      if (!opts.token) return next();
      if (!tokenMatches(req.get("authorization"), opts.token)) {
        res.status(401).set("WWW-Authenticate", 'Bearer realm="metrics"').type("text/plain").send("401 – token required");
        return;
      }
    }
    res.set("Content-Type", registry.contentType).set("Cache-Control", "no-store");
    res.send(await registry.metrics());
  };
}
