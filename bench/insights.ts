// npm run bench:insights [-- --runs 20]
// Measures rendering /insights over the bench dataset (npm run bench:seed first: 100,000 threads,
// 1,000,000 posts, 5,000 cases with adoptions, 100,000 searches): the loader's work — every
// figure through the read rule plus the server-side Plot charts and tables — for a network admin
// (network-wide) and an organisation admin, default period (twelve months) and a wide one.
// Reports p50/p95/max per case; the target is under 300 ms.
import { sql } from "kysely";
import { migrateToLatest } from "../db/migrate";
import { insightsPage } from "../app/insights/page.server";
import { refreshQuestionFacts } from "../app/insights/questions.repo.server";
import type { Viewer } from "../app/policy";
import { benchDatabase, percentile } from "./lib";

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1] || 20) || 20;

const { db, url, stop } = await benchDatabase();
try {
  await migrateToLatest(db, undefined, url);
  const counts = (await sql<{ t: string; p: string; c: string; a: string; s: string }>`
    SELECT (SELECT count(*) FROM threads) t, (SELECT count(*) FROM posts) p, (SELECT count(*) FROM cases) c,
           (SELECT count(*) FROM adoptions) a, (SELECT count(*) FROM search_log) s`.execute(db)).rows[0];
  console.log(`dataset: ${counts.t} threads, ${counts.p} posts, ${counts.c} cases, ${counts.a} adoptions, ${counts.s} searches`);
  const r0 = performance.now();
  await refreshQuestionFacts(db);
  console.log(`insights_refresh (REFRESH MATERIALIZED VIEW CONCURRENTLY insight_question_facts): ${(performance.now() - r0).toFixed(0)} ms`);
  const viewer = async (where: "network" | "org"): Promise<Viewer> => {
    const u = where === "network"
      ? await db.selectFrom("users").selectAll().where("network_role", "=", "admin").orderBy("id").executeTakeFirstOrThrow()
      : await db.selectFrom("users as u").innerJoin("memberships as m", "m.user_id", "u.id").selectAll("u").where("m.role", "=", "admin").where("u.network_role", "is", null).orderBy("u.id").executeTakeFirstOrThrow();
    const ms = await db.selectFrom("memberships").select(["org_id", "role"]).where("user_id", "=", u.id).execute();
    return { id: u.id, email: u.email, handle: u.handle, name: u.name, locale: u.locale, primaryOrgId: u.primary_org_id, networkRole: u.network_role, memberships: ms.map((m) => ({ orgId: m.org_id, role: m.role })) };
  };
  const now = new Date();
  const wideFrom = new Date(now); wideFrom.setUTCMonth(wideFrom.getUTCMonth() - 35);
  const cases: [string, Viewer, string][] = [
    ["network admin, last 12 months", await viewer("network"), "/insights"],
    ["organisation admin, last 12 months", await viewer("org"), "/insights"],
    ["network admin, 36 months", await viewer("network"), `/insights?from=${wideFrom.toISOString().slice(0, 7)}&to=${now.toISOString().slice(0, 7)}`],
  ];
  for (const [label, v, path] of cases) {
    const times: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      const t0 = performance.now();
      const page = await insightsPage({ db, viewer: v, now: new Date() }, new URL(path, "http://bench"), "sv");
      if (!page.ok) throw new Error("filters refused");
      if (i >= 2) times.push(performance.now() - t0); // two warm-up runs
    }
    times.sort((a, b) => a - b);
    console.log(`${label.padEnd(38)} p50 ${percentile(times, 50).toFixed(0)} ms  p95 ${percentile(times, 95).toFixed(0)} ms  max ${times.at(-1)!.toFixed(0)} ms  (${runs} runs)`);
  }
} finally {
  await stop();
}
