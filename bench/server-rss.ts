// npm run bench:server-rss [-- --pages 200]
// The memory of one `web` process, started compiled (build/server.mjs, as deployed) and from
// source through tsx (as before 2026-12-08), side by side in one run on the same database: RSS
// once /healthz answers (+2 s), and after `--pages` distinct thread pages fetched one by one.
// Uses the bench database (BENCH_PG_DATA_DIR / BENCH_PG_PORT or DATABASE_URL), e.g. the shared
// dataset of bench:traffic. Production build first (`npm run build`).
import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { benchDatabase, startServer, type ServerEntry } from "./lib";

const args = process.argv.slice(2);
const pages = Number(args.includes("--pages") ? args[args.indexOf("--pages") + 1] : 200);
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;

const { db, url, stop } = await benchDatabase();
try {
  const threads = (await sql<{ id: string }>`SELECT id FROM threads WHERE deleted_at IS NULL AND hidden_at IS NULL AND visibility = 'public' ORDER BY id LIMIT ${pages}`.execute(db)).rows;
  if (threads.length === 0) throw new Error("the bench database has no public threads: seed it first (npm run bench:seed)");
  for (const entry of ["compiled", "source"] as ServerEntry[]) {
    const server = await startServer(url, 3900 + Math.floor(Math.random() * 90), [], { LOG_LEVEL: "warn", SEARCH_WORKER: "0" }, ["web"], entry);
    try {
      await new Promise((r) => setTimeout(r, 2000));
      const idle = rssMb(server.pid);
      let bad = 0;
      for (const t of threads) {
        const r = await fetch(`${server.url}/t/${t.id}`);
        if (r.status !== 200) bad++;
        await r.arrayBuffer();
      }
      console.log(`${entry.padEnd(8)}: RSS ${idle.toFixed(0)} MB idle, ${rssMb(server.pid).toFixed(0)} MB after ${threads.length} thread pages (${bad} not 200)`);
    } finally {
      await server.stop();
    }
  }
} finally {
  await stop();
}
