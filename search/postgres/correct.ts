import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/types";
import type { Viewer } from "../../app/policy/types";
import type { ParsedQuery } from "../query";
import { firstVisible, visibleWords } from "./suggest";
import { fold, FOLD_FROM, FOLD_TO, osaDistance } from "../fuzzy";

type Db = Kysely<Database>;

// Forgiving input (docs/decisions/2026-12-02-search-quality.md). A query word that no document the
// viewer may read holds (not even as a stem prefix) is searched as the closest vocabulary word
// that one of them does hold:
//  1. the same word once å/ä/ö are folded ("kundtjanst" → "kundtjänst"); a word the viewer's
//     documents hold is never folded, so "far" and "får" stay distinct;
//  2. otherwise a typo: optimal-string-alignment distance (Damerau–Levenshtein with adjacent
//     transpositions) of at most 1 (words under 8 letters) or 2, closest first, then commonest
//     ("upphandlnig" → "upphandling", "gpdr" → "gdpr").
// Candidates come from the global vocabulary; a candidate is used only after it is found in a
// document the viewer may read (the same check as "did you mean"), so corrections leak nothing.

export { fold, osaDistance };

/** Edits allowed for a word of this length (none under 4 letters: too many neighbours). */
export const maxEdits = (len: number) => (len < 4 ? 0 : len < 8 ? 1 : 2);

/** Vocabulary words that fold to the same form as `w`, commonest first. */
async function foldCandidates(db: Db, w: string): Promise<string[]> {
  const { rows } = await sql<{ word: string }>`
    SELECT word FROM search_terms WHERE translate(word, ${FOLD_FROM}, ${FOLD_TO}) = ${fold(w)} AND word <> ${w}
    ORDER BY ndoc DESC, word LIMIT 5`.execute(db);
  return rows.map((r) => r.word);
}

/** Vocabulary words within maxEdits of `w`: closest first, then by document frequency. */
async function typoCandidates(db: Db, w: string): Promise<string[]> {
  const k = maxEdits([...w].length);
  if (k === 0) return [];
  // Trigrams find the neighbours of longer words; a short word shares too few trigrams with its
  // transposition ("gpdr"/"gdpr"), so words of about its length and first letter are read too.
  const { rows } = await sql<{ word: string; ndoc: number }>`
    (SELECT word, ndoc FROM search_terms WHERE word % ${w} AND word <> ${w} ORDER BY similarity(word, ${w}) DESC LIMIT 40)
    UNION
    (SELECT word, ndoc FROM search_terms
     WHERE ${[...w].length <= 6} AND word LIKE ${w.slice(0, 1).replace(/[\\%_]/g, "\\$&") + "%"} AND word <> ${w}
       AND length(word) BETWEEN ${[...w].length - 1} AND ${[...w].length + 1}
     ORDER BY ndoc DESC LIMIT 400)`.execute(db);
  return rows
    .map((r) => ({ word: r.word, ndoc: Number(r.ndoc), d: osaDistance(w, r.word) }))
    .filter((r) => r.d <= k)
    .sort((a, b) => a.d - b.d || b.ndoc - a.ndoc || (a.word < b.word ? -1 : 1))
    .slice(0, 12)
    .map((r) => r.word);
}

/** For each query word the viewer's documents lack, the word to search instead (only found ones). */
export async function corrections(db: Db, words: string[], viewer: Viewer | null, known?: Set<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const ws = words.slice(0, 8).filter((w) => [...w].length >= 3 && !/^\d+$/.test(w));
  if (ws.length === 0) return out;
  // `known`: visibleWords(db, words.slice(0, 8), viewer, true), when the caller has it already.
  const present = known ?? (await visibleWords(db, ws, viewer, true));
  for (const w of ws) {
    if (present.has(w)) continue;
    const folded = await firstVisible(db, await foldCandidates(db, w), viewer);
    const best = folded ?? (await firstVisible(db, await typoCandidates(db, w), viewer));
    if (best) out.set(w, best);
  }
  return out;
}

/** The query with corrected words (same structure; duplicates collapse in `words`). */
export function applyCorrections(q: ParsedQuery, fix: Map<string, string>): ParsedQuery {
  const sub = (w: string) => fix.get(w) ?? w;
  const groups = q.groups.map((g) => g.map((it) => ({ ...it, words: it.words.map(sub) })));
  const words = [...new Set(q.words.map(sub))];
  const text = q.text.replace(/[\p{L}\p{N}]+/gu, (m) => fix.get(m.toLowerCase()) ?? m);
  return { ...q, groups, words, text };
}
