import { createDb, type DB } from "../client";
import { localEmbeddedServer, startEmbeddedPostgres } from "../embedded";

/** Runs `fn` against DATABASE_URL, or starts (and afterwards stops) the embedded server. */
export async function withDatabase(fn: (db: DB) => Promise<void>): Promise<void> {
  const hadUrl = Boolean(process.env.DATABASE_URL);
  const embedded = hadUrl
    ? null
    : await startEmbeddedPostgres(localEmbeddedServer());
  // migrateToLatest installs the job queue's schema through DATABASE_URL.
  process.env.DATABASE_URL ??= embedded!.url;
  const db = createDb(process.env.DATABASE_URL, 4);
  try {
    await fn(db);
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}
