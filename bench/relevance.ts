// npm run bench:relevance — question → answer retrieval on SweFAQ (SuperLim 2, dev split), in a
// fresh database: our default engine (PostgreSQL, search/postgres) beside a baseline of one
// Swedish-stemmed vector ranked with plain ts_rank (how Discourse searches) and Okapi BM25 over
// the same Swedish stems (the baseline to beat), in one run. Prints MRR@10, Recall@1, Recall@10
// and nDCG@10, a paired bootstrap interval of ours − BM25, then the Swedish compound set
// (search/compound-cases.ts) and the demo-data query set (bench/queries-demo.ts, P@5).
// Data: ../shared/data/relevance/swefaq_dev.jsonl ("SweFAQ v2.0, part of SuperLim 2, Språkbanken
// Text (Aleksandrs Berdicevskis), CC BY 4.0"). Tune only on this dev split.
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { freshDb } from "./relevance-db";
import { migrateToLatest } from "../db/migrate";
import { PostgresEngine } from "../search/postgres/engine";
import { refreshStatistics, upsertDocuments } from "../search/postgres/indexer";
import { COMPOUND_CASES } from "../search/compound-cases";
import { emptyFilters, type SearchDocument } from "../search/types";
import { wordsOf } from "../search/query";
import { Bm25, metrics, ndcg1, pairedBootstrap, rr, type Metrics } from "./relevance-metrics";

type Row = { question: string; candidate_answers: string[]; label: number; meta: { category: string } };
const file = path.resolve(process.argv[2] ?? "../shared/data/relevance/swefaq_dev.jsonl");
const loadRows = (): Row[] => readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));

const score = metrics;

export async function main(configs: { label: string; apply: () => void }[] = []) {
  const rows = loadRows();
  const { db, url, drop } = await freshDb();
  try {
    await migrateToLatest(db, undefined, url);
    const org = await db.insertInto("organisations").values({ slug: "bench", name: "Bench", kind: "agency", email_domains: [] }).returning("id").executeTakeFirstOrThrow();
    // Corpus: every distinct answer, titled with its category (the same text for both systems).
    const answers = new Map<string, { id: string; category: string }>();
    for (const r of rows) {
      r.candidate_answers.forEach((a) => { if (!answers.has(a)) answers.set(a, { id: String(answers.size + 1), category: "" }); });
      answers.get(r.candidate_answers[r.label])!.category = r.meta.category;
    }
    const docs: SearchDocument[] = [...answers.entries()].map(([text, { id, category }]) => ({
      type: "thread", id, kind: "question", groupKey: `thread:${id}`, parentId: null, slug: "", path: "", title: category, parentTitle: "",
      summary: text, body: "", tags: [], tagText: "", areas: [], orgId: org.id, visibility: "public", sharedOrgIds: [], status: null,
      solved: null, accepted: false, replyCount: 0, language: "sv", createdAt: new Date("2026-01-01"), updatedAt: new Date("2026-01-01"),
    }));
    await upsertDocuments(db, docs);
    await refreshStatistics(db);
    await sql`CREATE TABLE baseline_docs (id text PRIMARY KEY, tsv tsvector)`.execute(db);
    await sql`INSERT INTO baseline_docs SELECT d.id, to_tsvector('swedish', d.title || ' ' || d.summary)
              FROM unnest(${docs.map((d) => d.id)}::text[], ${docs.map((d) => d.title)}::text[], ${docs.map((d) => d.summary)}::text[]) AS d(id, title, summary)`.execute(db);
    await sql`CREATE INDEX ON baseline_docs USING gin (tsv)`.execute(db);

    // BM25 over exactly the baseline's stems: term frequency = positions of the lexeme.
    const stemRows = await sql<{ id: string; lexeme: string; tf: number }>`
      SELECT b.id, u.lexeme, coalesce(array_length(u.positions, 1), 1) AS tf FROM baseline_docs b, unnest(b.tsv) u`.execute(db);
    const bags = new Map<string, { id: string; tf: Map<string, number>; len: number }>();
    for (const r of stemRows.rows) {
      const d = bags.get(r.id) ?? { id: r.id, tf: new Map(), len: 0 };
      d.tf.set(r.lexeme, Number(r.tf));
      d.len += Number(r.tf);
      bags.set(r.id, d);
    }
    const bm25 = new Bm25([...bags.values()]);
    const queryStems = async (text: string) =>
      (await sql<{ lexeme: string }>`SELECT lexeme FROM unnest(to_tsvector('swedish', ${text}))`.execute(db)).rows.map((r) => r.lexeme);

    const engine = new PostgresEngine(db);
    for (const c of configs) {
      c.apply();
      const rk: (number | null)[] = [];
      for (const r of rows) {
        const gold = answers.get(r.candidate_answers[r.label])!.id;
        const res = await engine.search({ text: r.question, filters: emptyFilters(), page: 1, perPage: 10, sort: "relevance" }, null);
        const i = res.hits.findIndex((h) => h.id === gold);
        rk.push(i >= 0 ? i + 1 : null);
      }
      const m = score(rk);
      console.log(`${c.label.padEnd(60)} MRR ${m.mrr.toFixed(3)} R@1 ${m.r1.toFixed(3)} R@10 ${m.r10.toFixed(3)} nDCG ${m.ndcg.toFixed(3)}`);
    }
    if (configs.length) return;
    const ours: (number | null)[] = [];
    const baseAnd: (number | null)[] = [];
    const baseOr: (number | null)[] = [];
    const baseBm25: (number | null)[] = [];
    for (const r of rows) {
      const gold = answers.get(r.candidate_answers[r.label])!.id;
      const res = await engine.search({ text: r.question, filters: emptyFilters(), page: 1, perPage: 10, sort: "relevance" }, null);
      const i = res.hits.findIndex((h) => h.id === gold);
      ours.push(i >= 0 ? i + 1 : null);
      const and = await sql<{ id: string }>`SELECT id FROM baseline_docs, plainto_tsquery('swedish', ${r.question}) q
                                            WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC, id LIMIT 10`.execute(db);
      const j = and.rows.findIndex((x) => x.id === gold);
      baseAnd.push(j >= 0 ? j + 1 : null);
      const orq = wordsOf(r.question).map((w) => `'${w}'`).join(" | ");
      const or = await sql<{ id: string }>`SELECT id FROM baseline_docs, to_tsquery('swedish', ${orq}) q
                                           WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC, id LIMIT 10`.execute(db);
      const k = or.rows.findIndex((x) => x.id === gold);
      baseOr.push(k >= 0 ? k + 1 : null);
      const m = bm25.search(await queryStems(r.question)).indexOf(gold);
      baseBm25.push(m >= 0 ? m + 1 : null);
    }
    const fmt = (name: string, m: Metrics) =>
      `${name.padEnd(52)} ${m.mrr.toFixed(3).padStart(7)} ${(m.r1 * 100).toFixed(1).padStart(8)}% ${(m.r10 * 100).toFixed(1).padStart(8)}% ${m.ndcg.toFixed(3).padStart(8)}`;
    console.log(`\nSweFAQ dev: ${rows.length} questions, ${docs.length} answers (${path.basename(file)})\n`);
    console.log(`${"system".padEnd(52)} ${"MRR@10".padStart(7)} ${"Recall@1".padStart(9)} ${"Recall@10".padStart(9)} ${"nDCG@10".padStart(8)}`);
    const o = score(ours);
    const a = score(baseAnd);
    const b = score(baseOr);
    console.log(fmt("ours: PostgreSQL engine (default)", o));
    console.log(fmt("baseline: swedish tsvector, plainto_tsquery, ts_rank", a));
    console.log(fmt("baseline, OR of the words: swedish tsvector, ts_rank", b));
    const c25 = score(baseBm25);
    console.log(fmt("baseline: Okapi BM25 (k1 1.2, b 0.75), swedish stems", c25));
    const pb = pairedBootstrap(ours, baseBm25, rr);
    const pn = pairedBootstrap(ours, baseBm25, ndcg1);
    console.log(`\nours − BM25, paired bootstrap (10,000 resamples of the ${rows.length} questions, 95 %):`);
    console.log(`  MRR@10  ${pb.diff >= 0 ? "+" : ""}${pb.diff.toFixed(3)}  [${pb.lo.toFixed(3)}, ${pb.hi.toFixed(3)}]`);
    console.log(`  nDCG@10 ${pn.diff >= 0 ? "+" : ""}${pn.diff.toFixed(3)}  [${pn.lo.toFixed(3)}, ${pn.hi.toFixed(3)}]`);

    // Compounds: the same documents for both systems, one per case.
    await sql`DELETE FROM search_documents`.execute(db);
    await sql`DELETE FROM baseline_docs`.execute(db);
    const cdocs = COMPOUND_CASES.map((c, i) => ({ ...docs[0], id: `c${i}`, groupKey: `thread:c${i}`, title: "", summary: `Ett stycke om ${c.word} i en kommun.` }));
    // A few filler documents so the vocabulary holds the parts as words of their own.
    const filler = ["ram", "moln", "ärende", "anteckningar", "tjänster", "avtal"].map((w, i) => ({ ...docs[0], id: `f${i}`, groupKey: `thread:f${i}`, title: "", summary: w }));
    await upsertDocuments(db, filler);
    await upsertDocuments(db, cdocs);
    await sql`INSERT INTO baseline_docs SELECT id, to_tsvector('swedish', s) FROM unnest(${cdocs.map((d) => d.id)}::text[], ${cdocs.map((d) => d.summary)}::text[]) AS x(id, s)`.execute(db);
    let oursC = 0;
    let baseC = 0;
    for (const [i, c] of COMPOUND_CASES.entries()) {
      const res = await engine.search({ text: c.query, filters: emptyFilters(), page: 1, perPage: 20, sort: "relevance" }, null);
      if (res.hits.some((h) => h.id === `c${i}`)) oursC++;
      const bres = await sql<{ id: string }>`SELECT id FROM baseline_docs WHERE tsv @@ plainto_tsquery('swedish', ${c.query})`.execute(db);
      if (bres.rows.some((x) => x.id === `c${i}`)) baseC++;
    }
    console.log(`\nSwedish compounds (${COMPOUND_CASES.length} query → compound cases): ours ${oursC}/${COMPOUND_CASES.length}, baseline ${baseC}/${COMPOUND_CASES.length}`);
    const beat = o.mrr > a.mrr && o.mrr > b.mrr && pb.lo > 0;
    console.log(beat ? "\nours beats the ts_rank baselines and BM25 (bootstrap interval above 0)" : "\nWARNING: ours does not beat every baseline (BM25: interval must be above 0)");
    process.exitCode = beat ? 0 : 1;
  } finally {
    await drop();
  }
  if (configs.length === 0) {
    const { runDemo } = await import("./relevance-demo");
    await runDemo();
  }
}

if (/relevance\.[tj]s$/.test(process.argv[1] ?? "")) await main();
