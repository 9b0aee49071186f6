import { EventEmitter } from "node:events";
import { Logger, run, type Runner, type WorkerEvents } from "graphile-worker";
import type pg from "pg";
import { createPool, type DB } from "../../db/client";
import type { TaskList } from "graphile-worker";
import { pendingCount, SEARCH_CRONTAB, searchTasks } from "../../search/worker";
import { HOUSEKEEPING_CRONTAB, housekeepingTasks } from "./housekeeping.server";
import { eventTasks } from "../events/dispatch.server";
import { ROUTING_CRONTAB, routingTasks } from "../routing/routing.server";
import { NUDGES_CRONTAB, nudgeTasks } from "../cases/nudges.server";
import { MAIL_CRONTAB, mailTasks } from "../mail/jobs.server";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { pruneBeats, removeBeat, writeBeat } from "../ops/ops.repo.server";
import { ATTACHMENT_TEXT_CRONTAB, attachmentTextTasks } from "../attachments/extract.job.server";
import { webhookTasks } from "../webhooks/deliver.server";
import { privacyCrontab, privacyTasks } from "../privacy/jobs.server";
import { INSIGHTS_CRONTAB, insightsTasks } from "../insights/jobs.server";
import { ALERTS_CRONTAB, savedSearchTasks } from "../search/saved-alerts.server";

/** How often a running worker says so (worker_heartbeats; /readyz reads it). */
const HEARTBEAT_MS = 10_000;

/** Every capability's job handlers, one per line. */
const TASKS: ((db: DB) => TaskList)[] = [
  searchTasks,
  housekeepingTasks,
  eventTasks,
  routingTasks,
  nudgeTasks,
  mailTasks,
  attachmentTextTasks,
  webhookTasks,
  privacyTasks,
  insightsTasks,
  savedSearchTasks,
];
/** Every capability's schedules (graphile-worker crontab lines), one per line. */
const CRONTABS: (string | (() => string))[] = [
  SEARCH_CRONTAB,
  HOUSEKEEPING_CRONTAB,
  ROUTING_CRONTAB,
  NUDGES_CRONTAB,
  MAIL_CRONTAB,
  ATTACHMENT_TEXT_CRONTAB,
  privacyCrontab,
  INSIGHTS_CRONTAB,
  ALERTS_CRONTAB,
];

export type BackgroundJobs = { stop: () => Promise<void> };

// During a database outage graphile-worker reports every failed poll; one line per 30 s is enough.
let lastWarning = "";
let lastWarningAt = 0;
const quietLogger = new Logger(() => (level, message) => {
  if (level !== "error" && level !== "warning") return;
  const now = Date.now();
  if (message === lastWarning && now - lastWarningAt < 30_000) return;
  lastWarning = message;
  lastWarningAt = now;
  console.warn(`[jobs] ${message}`);
});

/**
 * Starts the background workers (search indexing, housekeeping) in this process, on
 * graphile-worker (jobs live in PostgreSQL, so any number of app servers may run them). Never
 * fails the server's start, and never ends the process: without a worker, search still works
 * from PostgreSQL, which writes keep up to date. If the worker stops on its own (a database
 * outage it could not ride out) it is started again with a growing pause.
 */
export async function startBackgroundJobs(db: DB): Promise<BackgroundJobs> {
  const url = process.env.DATABASE_URL;
  if (!url || process.env.SEARCH_WORKER === "0") return { stop: async () => {} };
  // Its own pool, with the error handlers that keep a lost connection from crashing the process.
  const pgPool: pg.Pool = createPool(url, 6);
  let runner: Runner | null = null;
  let stopped = false;
  let failures = 0;
  let restartTimer: NodeJS.Timeout | null = null;

  let generation = 0;

  const start = async (): Promise<void> => {
    const mine = ++generation;
    // graphile-worker 0.16 does not replace a worker that died (one that could not release its
    // job while the database was gone): its runner then idles for ever. Recycle the runner instead.
    const events = new EventEmitter() as WorkerEvents;
    events.on("worker:fatalError", ({ error }) => void recycle(mine, `lost a worker (${(error as Error)?.message ?? error})`));
    try {
      const r = await run({
        pgPool,
        events,
        concurrency: 2,
        noHandleSignals: true,
        pollInterval: 2000,
        logger: quietLogger,
        taskList: Object.assign({}, ...TASKS.map((tasks) => tasks(db))),
        crontab: CRONTABS.map((c) => (typeof c === "function" ? c() : c)).join("\n"),
      });
      if (mine !== generation || stopped) {
        await r.stop().catch(() => undefined);
        return;
      }
      runner = r;
      r.promise.then(
        () => void recycle(mine, "stopped"),
        (e: unknown) => void recycle(mine, (e as Error)?.message ?? String(e)),
      );
    } catch (e) {
      void recycle(mine, `not started: ${(e as Error).message}`);
    }
  };
  /** Stops the runner of `gen` (if it is still the current one) and starts a new one after a pause. */
  const recycle = async (gen: number, why: string) => {
    if (gen !== generation || stopped) return;
    generation++; // later reports about the same runner are ignored
    const r = runner;
    runner = null;
    // A runner stopping while the database is gone may wait for it: give it 10 s, then go on.
    await Promise.race([r?.stop().catch(() => undefined), new Promise((done) => setTimeout(done, 10_000).unref())]);
    if (stopped) return;
    const wait = Math.min(30_000, 1000 * 2 ** Math.min(failures++, 5));
    console.warn(`[jobs] background worker ${why}; starting it again in ${wait / 1000} s`);
    restartTimer = setTimeout(() => {
      void start().then(() => {
        if (runner) failures = 0;
      });
    }, wait);
    restartTimer.unref();
  };
  await start();

  // Outbox rows are written inside content transactions; a cheap poll turns them into one
  // (deduplicated) drain job within seconds.
  let busy = false;
  const timer = setInterval(() => {
    if (busy || !runner) return;
    busy = true;
    const r = runner;
    pendingCount(db)
      .then((n) => (n > 0 ? r.addJob("search_drain", {}, { jobKey: "search_drain", jobKeyMode: "preserve_run_at", maxAttempts: 25 }) : null))
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, 2000);
  timer.unref();

  // Heartbeat while a runner is up, so /readyz on any instance knows some worker is alive.
  const beat = { workerId: `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`, host: hostname(), pid: process.pid };
  const sendBeat = () => {
    if (!runner) return;
    void writeBeat(db, beat).catch(() => undefined);
  };
  sendBeat();
  void pruneBeats(db).catch(() => undefined);
  const heartbeat = setInterval(sendBeat, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      clearInterval(heartbeat);
      await removeBeat(db, beat.workerId).catch(() => undefined);
      if (restartTimer) clearTimeout(restartTimer);
      await (runner as Runner | null)?.stop().catch(() => undefined);
      await pgPool.end().catch(() => undefined);
    },
  };
}
