// npm run db:migrate — migrates DATABASE_URL, or the embedded server when it is unset.
import { withDatabase } from "./with-database";
import { migrateToLatest } from "../migrate";

await withDatabase(async (db) => migrateToLatest(db, (m) => console.log(m)));
