import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type DB } from "../../db/client";

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A fresh, migrated, empty database for one test file (a copy of the template).
 * Call in beforeAll; `destroy` drops it.
 */
export async function freshDatabase(): Promise<{ db: DB; url: string; destroy: () => Promise<void> }> {
  const adminUrl = inject("pgAdminUrl");
  const name = `allm_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("templateDb")}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const db = createDb(url, 4);
  return {
    db,
    url,
    destroy: async () => {
      await db.destroy();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** The database behind the browser tests' server (seeded with demo data). */
export function appDatabase(): DB {
  return createDb(inject("appDbUrl"), 2);
}
