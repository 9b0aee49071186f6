import { freshDatabase } from "./db";
import { spawnApp, waitForStatus } from "./app-process";
import { seed } from "../../db/seed";
import type { DB } from "../../db/client";

/**
 * A private production server (the built app, `server.ts`) on its own freshly seeded demo
 * database, for tests that write a lot (fuzzing) and must not disturb the shared e2e server.
 */
export async function privateAppServer(): Promise<{ url: string; db: DB; log: () => string; stop: () => Promise<void> }> {
  const fresh = await freshDatabase();
  await seed(fresh.db, { demo: true });
  const app = await spawnApp({ DATABASE_URL: fresh.url, HOST: "127.0.0.1", DEMO_MODE: "1", SEED: "never", SMTP_URL: process.env.SMTP_URL, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
  await waitForStatus(app, "/healthz", 60_000);
  return {
    url: app.url,
    db: fresh.db,
    log: app.log,
    stop: async () => {
      await app.stop();
      await fresh.destroy();
    },
  };
}
