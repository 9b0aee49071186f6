// npm run restore -- <file> [--force]: pg_restore of a backup into DATABASE_URL (or the local embedded server).
import { existsSync } from "node:fs";
import path from "node:path";
import { restore } from "../backup";
import { withServer } from "./with-server";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("-"));
const unknown = args.filter((a) => a.startsWith("-") && a !== "--force" && a !== "--help");
if (!file || unknown.length || args.includes("--help")) {
  if (unknown.length) console.error(`Unknown option ${unknown.join(", ")}.`);
  console.error("Usage: npm run restore -- <file> [--force]   (into DATABASE_URL, or the local embedded server; an empty database unless --force)");
  process.exit(file && !unknown.length ? 0 : 2);
}

if (!existsSync(file)) {
  console.error(`There is no backup file ${path.resolve(file)}.`);
  process.exit(2);
}

await withServer({ needsData: false }, async (url) => {
  const r = await restore(url, file, { force: args.includes("--force") });
  console.log(`Restored ${r.file} in ${r.seconds.toFixed(1)} s${r.replaced ? " (--force: the backup's objects were dropped and recreated)" : ""}; PostgreSQL ${r.server}, ${r.tool}.`);
});
