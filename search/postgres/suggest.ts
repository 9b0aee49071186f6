import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/types";
import type { Viewer } from "../../app/policy/types";
import { wordsOf } from "../query";
import { visible } from "./search";

type Db = Kysely<Database>;

// Suggestions come from a global vocabulary, but a word is only offered after it has been found
// in a document the viewer may read right now (the one visibility predicate): the vocabulary
// itself never reaches a viewer, so organisation-only words cannot leak through it.

/** Of `words`, those present (exactly) in at least one document the viewer may read. */
export async function visibleWords(db: Db, words: string[], viewer: Viewer | null, stemmed = false): Promise<Set<string>> {
  if (words.length === 0) return new Set();
  const match = stemmed
    ? sql`(d.tsv_simple @@ to_tsquery('simple', quote_literal(w)) OR d.tsv_sv @@ to_tsquery('swedish', quote_literal(w) || ':*'))`
    : sql`d.tsv_simple @@ to_tsquery('simple', quote_literal(w))`;
  const { rows } = await sql<{ w: string }>`
    SELECT w FROM unnest(${words}::text[]) AS w
    WHERE EXISTS (SELECT 1 FROM search_documents d WHERE ${match} AND ${visible(viewer)})`.execute(db);
  return new Set(rows.map((r) => r.w));
}

/** "Did you mean": each word the viewer's documents lack, replaced by the closest word they have. */
export async function didYouMean(db: Db, words: string[], viewer: Viewer | null): Promise<string | null> {
  const ws = words.slice(0, 8);
  if (ws.length === 0) return null;
  const present = await visibleWords(db, ws, viewer, true);
  let changed = false;
  const out: string[] = [];
  for (const w of ws) {
    if (present.has(w) || w.length < 3) { out.push(w); continue; }
    const { rows } = await sql<{ word: string }>`
      SELECT word FROM search_terms
      WHERE word % ${w} AND word <> ${w} AND length(word) BETWEEN 3 AND 40
      ORDER BY similarity(word, ${w}) DESC, ndoc DESC, word LIMIT 12`.execute(db);
    const candidates = rows.map((r) => r.word);
    const ok = await visibleWords(db, candidates, viewer);
    const best = candidates.find((c) => ok.has(c));
    if (best) { out.push(best); changed = true; } else out.push(w);
  }
  return changed ? out.join(" ") : null;
}

/** Completions for the last word typed, from documents the viewer may read. */
export async function completeWord(db: Db, prefix: string, viewer: Viewer | null, limit = 6): Promise<string[]> {
  const w = wordsOf(prefix).pop();
  if (!w || w.length < 2) return [];
  const like = w.replace(/[\\%_]/g, (c) => `\\${c}`) + "%";
  const { rows } = await sql<{ word: string }>`
    SELECT word FROM search_terms WHERE word LIKE ${like} AND word <> ${w}
    ORDER BY ndoc DESC, length(word), word LIMIT 40`.execute(db);
  const ok = await visibleWords(db, rows.map((r) => r.word), viewer);
  return rows.map((r) => r.word).filter((x) => ok.has(x)).slice(0, limit);
}
