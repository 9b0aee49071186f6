import { Logger, run, type Runner } from "graphile-worker";
import type { DB } from "../../db/client";
import { pendingCount, SEARCH_CRONTAB, searchTasks } from "../../search/worker";
import { HOUSEKEEPING_CRONTAB, housekeepingTasks } from "./housekeeping.server";
import { eventTasks } from "../events/dispatch.server";
import { ROUTING_CRONTAB, routingTasks } from "../routing/routing.server";
import { NUDGES_CRONTAB, nudgeTasks } from "../cases/nudges.server";

export type BackgroundJobs = { stop: () => Promise<void> };

const quietLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.warn(`[jobs] ${message}`);
});

/**
 * Starts the background workers (search indexing) in this process, on graphile-worker (jobs live
 * in PostgreSQL, so any number of app servers may run them). Never fails the server's start:
 * without a worker, search still works from PostgreSQL, which writes keep up to date.
 */
export async function startBackgroundJobs(db: DB): Promise<BackgroundJobs> {
  const url = process.env.DATABASE_URL;
  if (!url || process.env.SEARCH_WORKER === "0") return { stop: async () => {} };
  let runner: Runner;
  try {
    runner = await run({
      connectionString: url,
      concurrency: 2,
      noHandleSignals: true,
      pollInterval: 2000,
      logger: quietLogger,
      taskList: { ...searchTasks(db), ...housekeepingTasks(db), ...eventTasks(db), ...routingTasks(db), ...nudgeTasks(db) },
      crontab: `${SEARCH_CRONTAB}\n${HOUSEKEEPING_CRONTAB}\n${ROUTING_CRONTAB}\n${NUDGES_CRONTAB}`,
    });
  } catch (e) {
    console.warn(`[jobs] background worker not started: ${(e as Error).message}`);
    return { stop: async () => {} };
  }
  // Outbox rows are written inside content transactions; a cheap poll turns them into one
  // (deduplicated) drain job within seconds.
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    pendingCount(db)
      .then((n) => (n > 0 ? runner.addJob("search_drain", {}, { jobKey: "search_drain", jobKeyMode: "preserve_run_at", maxAttempts: 25 }) : null))
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, 2000);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await runner.stop();
    },
  };
}
