import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../../db/types";
import type { Viewer } from "../../app/policy/types";
import { wordsOf } from "../query";
import { visible } from "./search";

type Db = Kysely<Database>;

// Suggestions come from a global vocabulary, but a word is only offered after it has been found
// in a document the viewer may read right now (the one visibility predicate): the vocabulary
// itself never reaches a viewer, so organisation-only words cannot leak through it.
//
// Finding one readable document with a word is cheap when the check takes the right road: a rare
// word through the GIN index (work in proportion to its documents), a common one by walking the
// newest documents until one holds it. So each word is checked with its own parameters, by its
// frequency. The rare road counts instead of asking EXISTS, because with EXISTS the planner hopes
// to meet a match early and scans the table; the walk stops after RECENT_DOCS documents, so a
// common word the viewer cannot read anywhere costs a bounded walk, never a full scan.

/** Words in at most this many documents are looked up through the index, in every document. */
export const RARE = 1000;
/** A more common word is looked for among this many of the newest readable documents. */
export const RECENT_DOCS = 20_000;

const exactMatch = (w: string) => sql`d.tsv_simple @@ to_tsquery('simple', quote_literal(${w}::text))`;
const stemMatch = (w: string) =>
  sql`(d.tsv_simple @@ to_tsquery('simple', quote_literal(${w}::text)) OR d.tsv_sv @@ to_tsquery('swedish', quote_literal(${w}::text) || ':*'))`;

/** How many documents hold the word (vocabulary) or, stemmed, words starting with its stem. */
const frequency = (w: string, stemmed: boolean) => stemmed
  ? sql`greatest(
      (SELECT coalesce(max(ndoc), 0) FROM search_terms WHERE word = ${w}),
      (SELECT coalesce(sum(ndoc), 0) FROM search_lexeme_stats
       WHERE lexeme LIKE substring(to_tsquery('swedish', quote_literal(${w}::text))::text FROM '^''([[:alnum:]]+)''') || '%'))`
  : sql`(SELECT coalesce(max(ndoc), 0) FROM search_terms WHERE word = ${w})`;

/** A boolean SQL expression: `w` is in a document the viewer may read. */
function readable(w: string, viewer: Viewer | null, stemmed: boolean): RawBuilder<boolean> {
  const match = stemmed ? stemMatch(w) : exactMatch(w);
  return sql<boolean>`CASE WHEN ${frequency(w, stemmed)} <= ${RARE}
    THEN (SELECT count(*) FROM search_documents d WHERE ${match} AND ${visible(viewer)}) > 0
    ELSE EXISTS (SELECT 1 FROM (SELECT d.tsv_simple, d.tsv_sv FROM search_documents d WHERE ${visible(viewer)}
                                ORDER BY d.updated_at DESC LIMIT ${RECENT_DOCS}) d WHERE ${match}) END`;
}

/** Of `words`, those present in at least one document the viewer may read (stemmed: or a word starting with the stem). */
export async function visibleWords(db: Db, words: string[], viewer: Viewer | null, stemmed = false): Promise<Set<string>> {
  if (words.length === 0) return new Set();
  const { rows } = await sql<{ ok: boolean[] }>`
    SELECT ARRAY[${sql.join(words.map((w) => readable(w, viewer, stemmed)))}]::boolean[] AS ok`.execute(db);
  const ok = rows[0]?.ok ?? [];
  return new Set(words.filter((_, i) => ok[i]));
}

/** Of `words` (best first), the first present in a document the viewer may read; later ones are not checked. */
export async function firstVisible(db: Db, words: string[], viewer: Viewer | null): Promise<string | null> {
  if (words.length === 0) return null;
  const { rows } = await sql<{ i: number | null }>`
    SELECT coalesce(${sql.join(words.map((w, i) => sql`CASE WHEN ${readable(w, viewer, false)} THEN ${i}::int END`))}) AS i`.execute(db);
  const i = rows[0]?.i;
  return i === null || i === undefined ? null : words[i];
}

/** "Did you mean": each word the viewer's documents lack, replaced by the closest word they have. */
export async function didYouMean(db: Db, words: string[], viewer: Viewer | null, known?: Set<string>): Promise<string | null> {
  const ws = words.slice(0, 8);
  if (ws.length === 0) return null;
  // `known`: visibleWords(db, ws, viewer, true), when the caller has it already (corrections asked the same).
  const present = known ?? (await visibleWords(db, ws, viewer, true));
  let changed = false;
  const out: string[] = [];
  for (const w of ws) {
    if (present.has(w) || w.length < 3) { out.push(w); continue; }
    const { rows } = await sql<{ word: string }>`
      SELECT word FROM search_terms
      WHERE word % ${w} AND word <> ${w} AND length(word) BETWEEN 3 AND 40
      ORDER BY similarity(word, ${w}) DESC, ndoc DESC, word LIMIT 12`.execute(db);
    const best = await firstVisible(db, rows.map((r) => r.word), viewer);
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
