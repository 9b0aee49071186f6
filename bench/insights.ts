// npm run bench:insights [-- --runs 20]
// Measures rendering /insights over the bench dataset (npm run bench:seed first: 100,000 threads,
// 1,000,000 posts, 5,000 cases with adoptions, 100,000 searches): the loader's work — every
// figure through the read rule plus the server-side Plot charts and tables — for a network admin
// (network-wide) and an organisation admin, default period (twelve months) and a wide one.
// Reports p50/p95/max per case; the target is under 300 ms. `--panels` also times every query
// alone (sequentially, median of 5) and the chart/table rendering (buildPanels) on its own, drawn
// from cold and from the chart cache. `--cold` empties the chart cache before every page (every
// chart drawn anew), as after a change to the figures.
import { sql } from "kysely";
import { migrateToLatest } from "../db/migrate";
import { insightsPage, readFilters } from "../app/insights/page.server";
import { insightsFor, workingDaysBefore } from "../app/insights/insights.server";
import { buildPanels } from "../app/insights/panels.server";
import { clearChartCache } from "../app/insights/charts.server";
import { clearHomeSummaryCache, computeHomeSummary, homeSummary } from "../app/insights/summary.server";
import * as casesRepo from "../app/insights/cases.repo.server";
import * as questionsRepo from "../app/insights/questions.repo.server";
import * as searchRepo from "../app/insights/search-log.repo.server";
import * as healthRepo from "../app/insights/health.repo.server";
import { FEW_HITS } from "../app/insights/constants";
import { healthOrgIds } from "../app/policy";
import type { Scope } from "../app/insights/scope";
import { refreshInsightAggregates } from "../app/insights/questions.repo.server";
import type { Viewer } from "../app/policy";
import { benchDatabase, percentile } from "./lib";

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1] || 20) || 20;
const perPanel = args.includes("--panels");
const cold = args.includes("--cold");

const median = async (f: () => Promise<unknown> | unknown, n = 5) => {
  const ts: number[] = [];
  for (let i = 0; i < n + 1; i++) {
    const t0 = performance.now();
    await f();
    if (i > 0) ts.push(performance.now() - t0);
  }
  return ts.sort((a, b) => a - b)[Math.floor(ts.length / 2)];
};

const { db, url, stop } = await benchDatabase();
try {
  await migrateToLatest(db, undefined, url);
  const counts = (await sql<{ t: string; p: string; c: string; a: string; s: string }>`
    SELECT (SELECT count(*) FROM threads) t, (SELECT count(*) FROM posts) p, (SELECT count(*) FROM cases) c,
           (SELECT count(*) FROM adoptions) a, (SELECT count(*) FROM search_log) s`.execute(db)).rows[0];
  console.log(`dataset: ${counts.t} threads, ${counts.p} posts, ${counts.c} cases, ${counts.a} adoptions, ${counts.s} searches`);
  const r0 = performance.now();
  await refreshInsightAggregates(db);
  console.log(`insights_refresh (insight_question_facts, insight_question_cells, insight_search_months): ${(performance.now() - r0).toFixed(0)} ms`);
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
    if (perPanel) {
      const now = new Date();
      const f = readFilters(new URL(path, "http://bench"), now);
      if (!f.ok) throw new Error("filters refused");
      const s: Scope = { viewer: v, from: f.data.from, to: f.data.to, orgId: null, area: null, now };
      const pilotSince = new Date(now); pilotSince.setMonth(pilotSince.getMonth() - 6);
      const orgIds = healthOrgIds(v);
      const parts: [string, () => Promise<unknown>][] = [
        ["cases.areaStatus", () => casesRepo.areaStatus(db, s)], ["cases.newPerMonth", () => casesRepo.newPerMonth(db, s)],
        ["cases.evaluatedPerMonth", () => casesRepo.evaluatedPerMonth(db, s)], ["cases.pastReview", () => casesRepo.pastReview(db, s, now.toISOString().slice(0, 10))],
        ["cases.stalePilots", () => casesRepo.stalePilots(db, s, pilotSince)], ["reuse.adoptionMatrix", () => casesRepo.adoptionMatrix(db, s)],
        ["reuse.mostReused", () => casesRepo.mostReused(db, s)], ["reuse.funnel", () => casesRepo.funnel(db, s)],
        ["questions.questionFigures", () => questionsRepo.questionFigures(db, s)],
        ["questions.unanswered", () => questionsRepo.unanswered(db, s, workingDaysBefore(now, 2))],
        ["search.topQueries", () => searchRepo.topQueries(db, s)], ["search.gapQueries", () => searchRepo.gapQueries(db, s, FEW_HITS)],
        ["search.askedAfter", () => searchRepo.askedAfter(db, s)], ["health.flagFigures", () => healthRepo.flagFigures(db, s, orgIds)],
        ["health.hiddenNow", () => healthRepo.hiddenNow(db, s, orgIds)],
      ];
      console.log(`${label}: every query alone (median of 5)`);
      let sum = 0;
      for (const [name, fn] of parts) {
        const ms = await median(fn);
        sum += ms;
        console.log(`  ${name.padEnd(30)} ${ms.toFixed(1)} ms`);
      }
      const data = await insightsFor({ db, viewer: v, now }, f.data);
      if (!data.ok) throw new Error("filters refused");
      const render = await median(() => { clearChartCache(); buildPanels(data, "sv", { orgSlug: "", area: "" }); });
      const renderWarm = await median(() => buildPanels(data, "sv", { orgSlug: "", area: "" }));
      console.log(`  ${"(sum of the queries)".padEnd(30)} ${sum.toFixed(1)} ms`);
      console.log(`  ${"charts and tables, drawn".padEnd(30)} ${render.toFixed(1)} ms`);
      console.log(`  ${"charts and tables, cached".padEnd(30)} ${renderWarm.toFixed(1)} ms`);
    }
    const times: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      if (cold) clearChartCache();
      const t0 = performance.now();
      const page = await insightsPage({ db, viewer: v, now: new Date() }, new URL(path, "http://bench"), "sv");
      if (!page.ok) throw new Error("filters refused");
      if (i >= 2) times.push(performance.now() - t0); // two warm-up runs
    }
    times.sort((a, b) => a - b);
    console.log(`${(label + (cold ? ", charts drawn" : "")).padEnd(52)} p50 ${percentile(times, 50).toFixed(0)} ms  p95 ${percentile(times, 95).toFixed(0)} ms  max ${times.at(-1)!.toFixed(0)} ms  (${runs} runs)`);
  }
  // The home page's summary band: computed (every 60 s per audience) and from its cache.
  for (const [label, v] of [["signed out", null], ["organisation admin", await viewer("org")]] as [string, Viewer | null][]) {
    const computed = await median(() => computeHomeSummary({ db, viewer: v }), 10);
    clearHomeSummaryCache();
    await homeSummary({ db, viewer: v, now: new Date() });
    const hit = await median(() => homeSummary({ db, viewer: v, now: new Date() }), 10);
    console.log(`home summary, ${label.padEnd(20)} computed ${computed.toFixed(1)} ms  cached ${hit.toFixed(3)} ms`);
  }
} finally {
  await stop();
}
