// npm run db:seed — runs every (idempotent) seed step.
import { withDatabase } from "./with-database";
import { migrateToLatest } from "../migrate";
import { seed } from "../seed";

await withDatabase(async (db) => {
  await migrateToLatest(db);
  const demo = process.env.DEMO_MODE ? ["1", "true", "yes"].includes(process.env.DEMO_MODE) : !process.env.DATABASE_URL;
  await seed(db, { demo, log: (m) => console.log(m) });
});
