import { Migrator, type Kysely } from "kysely";
import { Logger, runMigrations } from "graphile-worker";
import { migrations } from "./migrations/index";
const quiet = new Logger(() => (level, message) => {
  if (level === "error") console.warn(`[jobs] ${message}`);
});

/**
 * Runs every pending dated migration in db/migrations, in name order, then installs or upgrades
 * graphile-worker's own schema in the same database: writes enqueue jobs with
 * `graphile_worker.add_job` in their transaction (app/events), so the schema must exist before
 * the first write, not only once a worker has started. Throws on failure.
 */
function migrator(db: Kysely<any>) {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
}

/** Names of the dated migrations this code has that the database has not run yet. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}

export async function migrateToLatest(
  db: Kysely<any>,
  log: (m: string) => void = () => {},
  connectionString: string | undefined = process.env.DATABASE_URL,
) {
  const { error, results } = await migrator(db).migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === "Success") log(`migrated ${r.migrationName}`);
    if (r.status === "Error") log(`migration failed: ${r.migrationName}`);
  }
  if (error) throw error;
  if (!connectionString) throw new Error("migrateToLatest: no connection string for the job queue's schema (DATABASE_URL)");
  await runMigrations({ connectionString, logger: quiet });
}
