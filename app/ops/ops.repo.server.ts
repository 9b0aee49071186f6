import { sql } from "kysely";
import type { DB } from "../../db/client";

// Operations data: worker heartbeats and the job queue's own tables (graphile-worker's view).

export async function writeBeat(db: DB, beat: { workerId: string; host: string; pid: number }): Promise<void> {
  await db
    .insertInto("worker_heartbeats")
    .values({ worker_id: beat.workerId, host: beat.host, pid: beat.pid })
    .onConflict((oc) => oc.column("worker_id").doUpdateSet({ beat_at: sql`now()` }))
    .execute();
}

export async function removeBeat(db: DB, workerId: string): Promise<void> {
  await db.deleteFrom("worker_heartbeats").where("worker_id", "=", workerId).execute();
}

/** Seconds since the freshest beat of any worker, or null when none ever beat. */
export async function secondsSinceLastBeat(db: DB): Promise<number | null> {
  const row = await db
    .selectFrom("worker_heartbeats")
    .select(sql<string | null>`extract(epoch from now() - max(beat_at))`.as("age"))
    .executeTakeFirst();
  return row?.age == null ? null : Number(row.age);
}

/** Beats older than a day belong to workers long gone. */
export async function pruneBeats(db: DB): Promise<void> {
  await db.deleteFrom("worker_heartbeats").where("beat_at", "<", sql<Date>`now() - interval '1 day'`).execute();
}

export type QueueStats = { ready: number; scheduled: number; locked: number; failing: number; oldestReadyAgeSeconds: number };

/** Depth and age of the job queue: jobs due now and not taken, later jobs, running ones, ones that failed before. */
export async function queueStats(db: DB): Promise<QueueStats> {
  const { rows } = await sql<{ ready: string; scheduled: string; locked: string; failing: string; oldest: string | null }>`
    SELECT count(*) FILTER (WHERE locked_at IS NULL AND run_at <= now() AND attempts < max_attempts) AS ready,
           count(*) FILTER (WHERE locked_at IS NULL AND run_at > now()) AS scheduled,
           count(*) FILTER (WHERE locked_at IS NOT NULL) AS locked,
           count(*) FILTER (WHERE attempts > 0 AND attempts < max_attempts) AS failing,
           extract(epoch from now() - min(run_at) FILTER (WHERE locked_at IS NULL AND run_at <= now() AND attempts < max_attempts)) AS oldest
      FROM graphile_worker.jobs`.execute(db);
  const r = rows[0];
  return {
    ready: Number(r?.ready ?? 0),
    scheduled: Number(r?.scheduled ?? 0),
    locked: Number(r?.locked ?? 0),
    failing: Number(r?.failing ?? 0),
    oldestReadyAgeSeconds: r?.oldest == null ? 0 : Number(r.oldest),
  };
}

export async function ping(db: DB): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
