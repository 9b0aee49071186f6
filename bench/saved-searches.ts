// npx tsx bench/saved-searches.ts — saved-search alerts and header title suggestions on the demo
// data (db/seed): 500 saved searches with alerts (the hand-judged demo queries, spread over the
// demo members), one alert-job run over all of them (search per saved search, re-check of every
// match, notifications), and /search/suggest's title half for every demo query's first 6 letters
// as a member (p50/p95). A fresh database, dropped afterwards (embedded PostgreSQL unless
// DATABASE_URL is set).
import { seed } from "../db/seed";
import { migrateToLatest } from "../db/migrate";
import { refreshStatistics } from "../search/postgres/indexer";
import { recipientViewers } from "../app/notifications/notifications.repo.server";
import { insertSavedSearch } from "../app/search/saved.repo.server";
import { runSavedSearchAlerts } from "../app/search/saved-alerts.server";
import { suggestTitles } from "../app/search/title-suggest.server";
import { DEMO_QUERIES } from "./queries-demo";
import { freshDb } from "./relevance-db";
import { fmt, percentile } from "./lib";

const { db, url, drop } = await freshDb();
try {
  await migrateToLatest(db, undefined, url);
  await seed(db, { demo: true });
  await refreshStatistics(db);
  const users = await db.selectFrom("users").select("id").where("deactivated_at", "is", null).execute();
  const viewers = await recipientViewers(db, users.map((u) => u.id));
  const people = [...viewers.keys()];
  const longAgo = new Date(Date.now() - 2 * 365 * 86_400_000);
  let n = 0;
  for (let i = 0; n < 500; i++) {
    const q = DEMO_QUERIES[i % DEMO_QUERIES.length].q;
    const r = await insertSavedSearch(db, people[i % people.length], { name: `Bevakning ${i}`, query: `q=${encodeURIComponent(q)}${i >= DEMO_QUERIES.length ? `&sort=newest&n=${i}` : ""}`, alert: "inapp" }, longAgo);
    if (r.created) n++;
  }
  // Saved (and last checked) two years ago: everything in the demo data is new, the worst case for one run.
  const t0 = performance.now();
  const run = await runSavedSearchAlerts(db, new Date(), 500);
  const jobMs = performance.now() - t0;
  const made = await db.selectFrom("notifications").select((eb) => eb.fn.countAll<string>().as("n")).where("kind", "=", "saved_search").executeTakeFirstOrThrow();
  console.log(`alert job: ${run.checked} saved searches checked in ${fmt(jobMs)} ms (${fmt(jobMs / run.checked)} ms each), ${made.n} notifications made`);
  const member = viewers.get(people[0])!;
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const { q } of DEMO_QUERIES) {
      const s = performance.now();
      await suggestTitles({ db, viewer: member, now: new Date() }, q.slice(0, 6));
      times.push(performance.now() - s);
    }
  }
  times.sort((a, b) => a - b);
  console.log(`title suggestions: ${times.length} lookups, p50 ${fmt(percentile(times, 50))} ms, p95 ${fmt(percentile(times, 95))} ms`);
} finally {
  await drop();
}
process.exit(0);
