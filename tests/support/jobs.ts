import { Logger, runOnce } from "graphile-worker";
import type { DB } from "../../db/client";
import { eventTasks } from "../../app/events/dispatch.server";

const silent = new Logger(() => () => {});

/**
 * Runs every queued event job through the real graphile-worker queue of the given database (what
 * the app's worker does in the background), then returns. Proves the write enqueued the job.
 */
export async function runEventJobs(db: DB, url: string): Promise<void> {
  await runOnce({ connectionString: url, taskList: eventTasks(db), logger: silent, concurrency: 1 });
}

/** The jobs queued for event dispatch (graphile-worker's own view). */
export async function queuedEventJobs(db: DB): Promise<number> {
  const { sql } = await import("kysely");
  const r = await sql<{ n: string }>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = 'domain_event'`.execute(db);
  return Number(r.rows[0].n);
}
