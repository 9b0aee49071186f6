// Dev-only: dumps the SweFAQ corpus as indexed (tsv_sv lexemes with positions and weights) and each
// question's stems, for ranking experiments outside the database. Output: JSON to argv[3].
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { freshDb } from "./relevance-db";
import { migrateToLatest } from "../db/migrate";
import { refreshStatistics, upsertDocuments } from "../search/postgres/indexer";
import { withParts } from "../search/postgres/parts";
import { parseQuery } from "../search/query";
import type { SearchDocument } from "../search/types";

type Row = { question: string; candidate_answers: string[]; label: number; meta: { category: string } };
const file = path.resolve(process.argv[2] ?? "../shared/data/relevance/swefaq_dev.jsonl");
const rows: Row[] = readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const { db, url, drop } = await freshDb();
try {
  await migrateToLatest(db, undefined, url);
  const org = await db.insertInto("organisations").values({ slug: "bench", name: "Bench", kind: "agency", email_domains: [] }).returning("id").executeTakeFirstOrThrow();
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
  const lex = await sql<{ id: string; lexeme: string; positions: number[] | null; weights: string[] | null }>`
    SELECT d.doc_id AS id, u.lexeme, u.positions, u.weights FROM search_documents d, unnest(d.tsv_sv) u`.execute(db);
  const stem = async (w: string) => (await sql<{ l: string }>`SELECT lexeme AS l FROM unnest(to_tsvector('swedish', ${w}))`.execute(db)).rows.map((r) => r.l);
  const qs = [];
  for (const r of rows) {
    const q = await withParts(db, parseQuery(r.question));
    const words = [];
    for (const w of q.words) words.push({ w, s: await stem(w) });
    const parts = [];
    for (const p of q.groups.flat().flatMap((i) => i.parts ?? [])) parts.push({ w: p, s: await stem(p) });
    qs.push({ question: r.question, gold: answers.get(r.candidate_answers[r.label])!.id, words, parts });
  }
  writeFileSync(process.argv[3] ?? "relevance-dump.json", JSON.stringify({ docs: docs.map((d) => ({ id: d.id, title: d.title })), lex: lex.rows, qs }));
} finally {
  await drop();
}
