// npm run db:seed — runs every (idempotent) seed step.
import { withDatabase } from "./with-database";
import { migrateToLatest } from "../migrate";
import { seed } from "../seed";

await withDatabase(async (db) => {
  await migrateToLatest(db);
  // Demo passwords only when asked for (DEMO_MODE=1), never by default.
  const demo = ["1", "true", "yes"].includes(process.env.DEMO_MODE ?? "");
  await seed(db, { demo, log: (m) => console.log(m) });
});
