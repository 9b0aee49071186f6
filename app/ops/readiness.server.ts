import type { DB } from "../../db/client";
import { pendingMigrations } from "../../db/migrate";
import { ping, secondsSinceLastBeat } from "./ops.repo.server";

/** A worker that has not beaten for this long is taken for dead. Workers beat every 10 s. */
export const HEARTBEAT_STALE_SECONDS = 60;

export type Check = { ok: boolean; detail?: string };
export type Readiness = { ready: boolean; checks: { database: Check; migrations: Check; worker: Check } };

const within = <T>(ms: number, p: Promise<T>) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

/**
 * Whether this instance should get traffic: the database answers, every migration this code has
 * has run (a web instance started before `migrate` finished would use a schema it doesn't know),
 * and some job worker has beaten recently (mail, notifications and search indexing depend on one).
 */
export async function readiness(db: DB): Promise<Readiness> {
  try {
    await within(2000, ping(db));
  } catch (e) {
    const down: Check = { ok: false, detail: "database unreachable" };
    return { ready: false, checks: { database: { ok: false, detail: (e as Error).message }, migrations: down, worker: down } };
  }
  const [migrations, worker] = await Promise.all([
    within(2000, pendingMigrations(db)).then(
      (pending): Check => (pending.length ? { ok: false, detail: `${pending.length} pending: ${pending.slice(0, 3).join(", ")}` } : { ok: true }),
      (e: Error): Check => ({ ok: false, detail: e.message }),
    ),
    within(2000, secondsSinceLastBeat(db)).then(
      (age): Check =>
        age === null
          ? { ok: false, detail: "no worker has ever run" }
          : age > HEARTBEAT_STALE_SECONDS
            ? { ok: false, detail: `last heartbeat ${Math.round(age)} s ago` }
            : { ok: true, detail: `last heartbeat ${Math.round(age)} s ago` },
      (e: Error): Check => ({ ok: false, detail: e.message }),
    ),
  ]);
  const database: Check = { ok: true };
  return { ready: migrations.ok && worker.ok, checks: { database, migrations, worker } };
}
