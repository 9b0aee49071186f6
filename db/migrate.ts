import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FileMigrationProvider, Migrator, type Kysely } from "kysely";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Runs every pending dated migration in db/migrations, in name order. Throws on failure. */
export async function migrateToLatest(db: Kysely<any>, log: (m: string) => void = () => {}) {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: path.join(here, "migrations") }),
  });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === "Success") log(`migrated ${r.migrationName}`);
    if (r.status === "Error") log(`migration failed: ${r.migrationName}`);
  }
  if (error) throw error;
}
