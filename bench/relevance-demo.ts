// npm run bench:relevance:demo — the hand-judged demo query set (bench/queries-demo.ts) against the
// seeded demo data, through the default engine as a member of every organisation (so every
// judged document is readable). Prints P@5 (relevant hits in the top 5, out of min(5, judged
// relevant): a query with one right answer scores 1 when it is in the top 5), MRR@10, and each
// query below 1.
import { PostgresEngine } from "../search/postgres/engine";
import { refreshStatistics } from "../search/postgres/indexer";
import { emptyFilters } from "../search/types";
import { seed } from "../db/seed";
import { migrateToLatest } from "../db/migrate";
import type { Viewer } from "../app/policy/types";
import { DEMO_QUERIES } from "./queries-demo";
import { freshDb } from "./relevance-db";

export type DemoResult = { p5: number; mrr: number; perQuery: { q: string; p5: number; top: string[] }[] };

export async function runDemo(verbose = true): Promise<DemoResult> {
  const { db, url, drop } = await freshDb();
  try {
    await migrateToLatest(db, undefined, url);
    await seed(db, { demo: true });
    await refreshStatistics(db);
    const orgs = await db.selectFrom("organisations").select("id").execute();
    const viewer: Viewer = {
      id: "0", email: "bench@example.invalid", handle: "bench", name: "Bench", locale: "sv", primaryOrgId: orgs[0]?.id ?? null,
      networkRole: null, memberships: orgs.map((o) => ({ orgId: o.id, role: "member" as const })),
    };
    const engine = new PostgresEngine(db);
    const perQuery: DemoResult["perQuery"] = [];
    let p5 = 0;
    let mrr = 0;
    for (const { q, relevant } of DEMO_QUERIES) {
      const res = await engine.search({ text: q, filters: emptyFilters(), page: 1, perPage: 10, sort: "relevance" }, viewer);
      const titles = res.hits.map((h) => h.title || h.parentTitle);
      const isRel = (t: string) => relevant.some((r) => t.toLowerCase().includes(r.toLowerCase()));
      const hits5 = titles.slice(0, 5).filter(isRel).length;
      const p = hits5 / Math.min(5, relevant.length);
      const first = titles.findIndex(isRel);
      p5 += p;
      mrr += first >= 0 ? 1 / (first + 1) : 0;
      perQuery.push({ q, p5: p, top: titles.slice(0, 5) });
    }
    const n = DEMO_QUERIES.length;
    const out = { p5: p5 / n, mrr: mrr / n, perQuery };
    if (verbose) {
      for (const r of perQuery.filter((x) => x.p5 < 1)) console.log(`  ${r.p5.toFixed(2)}  ${r.q.padEnd(40)} → ${r.top.map((t) => t.slice(0, 28)).join(" | ")}`);
      console.log(`\nDemo query set: ${n} hand-judged queries, P@5 ${out.p5.toFixed(3)}, MRR@10 ${out.mrr.toFixed(3)}`);
    }
    return out;
  } finally {
    await drop();
  }
}

if (/relevance-demo\.[tj]s$/.test(process.argv[1] ?? "")) await runDemo();
