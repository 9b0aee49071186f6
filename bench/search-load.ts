// npm run bench:search — 200 realistic searches as a member of one organisation against whatever
// is in DATABASE_URL (or the embedded bench server, see bench/lib.ts), through the default engine
// (the same call the /search page makes), reporting p50/p95/p99 overall and per kind of query,
// and how many answers were a bounded window ("more than N"). Needs a built index: after
// `npm run bench:seed [-- --text zipf]`, run `npm run search:reindex -- --engine=postgres --bulk`.
import { sql } from "kysely";
import { benchDatabase, percentile } from "./lib";
import { FORGIVING, PostgresEngine } from "../search/postgres/engine";
import { emptyFilters, type SearchFilters } from "../search/types";
import type { Viewer } from "../app/policy/types";

const QUERIES = 200;

async function main() {
  const { db, stop } = await benchDatabase();
  try {
    const docs = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM search_documents`.execute(db)).rows[0].n);
    if (docs === 0) {
      console.error("search_documents is empty: run `npm run search:reindex -- --engine=postgres` first.");
      process.exitCode = 2;
      return;
    }
    // The member: someone in the organisation with the most documents.
    const m = await sql<{ user_id: string; org_id: string }>`
      SELECT m.user_id, m.org_id FROM memberships m JOIN users u ON u.id = m.user_id AND u.deactivated_at IS NULL
      WHERE m.org_id = (SELECT org_id FROM search_documents GROUP BY org_id ORDER BY count(*) DESC LIMIT 1)
      ORDER BY m.user_id LIMIT 1`.execute(db);
    if (!m.rows[0]) throw new Error("no member found");
    const mem = await db.selectFrom("memberships").select(["org_id", "role"]).where("user_id", "=", m.rows[0].user_id).execute();
    const viewer: Viewer = {
      id: m.rows[0].user_id, email: "", handle: "", name: "", locale: "sv", primaryOrgId: m.rows[0].org_id, networkRole: null,
      memberships: mem.map((x) => ({ orgId: x.org_id, role: x.role })),
    };
    // Realistic queries: common and rarer words from the index, pairs, phrases, a question,
    // typos, and tag/type filters — deterministic (seeded) so runs compare.
    const words = (await sql<{ word: string }>`
      SELECT word FROM search_terms WHERE length(word) >= 4 ORDER BY ndoc DESC, word LIMIT 120`.execute(db)).rows.map((r) => r.word);
    const tags = (await sql<{ t: string }>`SELECT DISTINCT unnest(tags) AS t FROM (SELECT tags FROM search_documents LIMIT 2000) x LIMIT 20`.execute(db)).rows.map((r) => r.t);
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
    const typo = (w: string) => (w.length > 5 ? w.slice(0, 3) + w[4] + w[3] + w.slice(5) : w);
    const queries: { text: string; filters: Partial<SearchFilters>; label: string }[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const k = i % 10;
      if (k < 3) queries.push({ text: pick(words), filters: {}, label: "word" });
      else if (k < 5) queries.push({ text: `${pick(words)} ${pick(words)}`, filters: {}, label: "two words" });
      else if (k === 5) queries.push({ text: `"${pick(words)} ${pick(words)}"`, filters: {}, label: "phrase" });
      else if (k === 6) queries.push({ text: `hur har ni gjort med ${pick(words)} och ${pick(words)} i ${pick(words)}?`, filters: {}, label: "question" });
      else if (k === 7) queries.push({ text: typo(pick(words)), filters: {}, label: "typo" });
      else if (k === 8) queries.push({ text: pick(words), filters: tags.length ? { tags: [pick(tags)] } : { kinds: ["question"] }, label: "word + tag" });
      else queries.push({ text: `${pick(words)} -${pick(words)}`, filters: { kinds: ["question"], answered: "unsolved" }, label: "exclude + filters" });
    }
    const engine = new PostgresEngine(db);
    // Warm-up (caches), not measured.
    for (const q of queries.slice(0, 10)) {
      await engine.search({ text: q.text, filters: { ...emptyFilters(), ...q.filters }, page: 1, perPage: 20, sort: "relevance" }, viewer).catch(() => undefined);
    }
    // The same queries with every forgiving path on, with all off, and with each alone off, side by
    // side in one run (issue 18): the difference is what each fallback path costs.
    const settings: { label: string; set: Partial<typeof FORGIVING> }[] = [
      { label: "all on (default)", set: {} },
      { label: "all off", set: { synonyms: false, parts: false, relax: false, corrections: false } },
      { label: "synonyms off", set: { synonyms: false } },
      { label: "compound parts off", set: { parts: false } },
      { label: "soft AND off", set: { relax: false } },
      { label: "corrections off", set: { corrections: false } },
    ];
    const defaults = { ...FORGIVING };
    console.log(`\n${QUERIES} searches as a member of organisation ${viewer.primaryOrgId} over ${docs.toLocaleString("sv-SE")} documents`);
    for (const s of settings) {
      Object.assign(FORGIVING, defaults, s.set);
      await measure(s.label);
    }
    Object.assign(FORGIVING, defaults);

    async function measure(setting: string) {
    const times: number[] = [];
    const byLabel = new Map<string, number[]>();
    const windowed = new Map<string, number>();
    let failures = 0;
    for (const q of queries) {
      const t0 = performance.now();
      try {
        const r = await engine.search({ text: q.text, filters: { ...emptyFilters(), ...q.filters }, page: 1, perPage: 20, sort: "relevance" }, viewer);
        if (r.capped) windowed.set(q.label, (windowed.get(q.label) ?? 0) + 1);
      } catch (e) {
        failures++;
        if ((e as { code?: string }).code !== "57014") throw e;
      }
      const ms = performance.now() - t0;
      times.push(ms);
      byLabel.set(q.label, [...(byLabel.get(q.label) ?? []), ms]);
    }
    times.sort((a, b) => a - b);
    console.log(`\n[${setting}] p50 ${percentile(times, 50).toFixed(1)} ms   p95 ${percentile(times, 95).toFixed(1)} ms   p99 ${percentile(times, 99).toFixed(1)} ms   max ${times.at(-1)!.toFixed(1)} ms   timeouts ${failures}`);
    for (const [label, ts] of byLabel) {
      ts.sort((a, b) => a - b);
      console.log(`  ${label.padEnd(18)} n=${String(ts.length).padStart(3)}  p50 ${percentile(ts, 50).toFixed(1).padStart(7)} ms  p95 ${percentile(ts, 95).toFixed(1).padStart(7)} ms  "more than" ${String(windowed.get(label) ?? 0).padStart(3)}`);
    }
    }
  } finally {
    await stop();
  }
}

await main();
