// npm run backup -- <file>: pg_dump of DATABASE_URL (or the local embedded server) to <file>.
import { backup, formatBytes } from "../backup";
import { withServer } from "./with-server";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("-"));
if (!file || args.includes("--help")) {
  console.error("Usage: npm run backup -- <file>   (pg_dump custom format; DATABASE_URL, or the local embedded server)");
  process.exit(file ? 0 : 2);
}

await withServer({ needsData: true }, async (url) => {
  const r = await backup(url, file);
  console.log(`Backup written: ${r.file} (${formatBytes(r.bytes)} in ${r.seconds.toFixed(1)} s; PostgreSQL ${r.server}, ${r.tool}).`);
});
