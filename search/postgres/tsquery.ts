import type { ParsedQuery, QueryItem } from "../query";

// Builds to_tsquery() input strings from a parsed query. Words contain only letters and digits
// (search/query.ts), so quoting them as 'word' cannot break out of the tsquery syntax.

/** Words this long or longer also match longer words (compounds, inflections): 'upphandling':* */
export const TSQUERY = { prefixMin: 5 };

/** stem: Swedish stems with prefix matching; words: stems without prefix (questions); exact: surface forms. */
type Mode = "stem" | "words" | "exact";

const lit = (w: string, mode: Mode) => (mode === "stem" && w.length >= TSQUERY.prefixMin ? `'${w}':*` : `'${w}'`);

function itemQuery(it: QueryItem, mode: Mode, withParts = true): string {
  const inner = it.words.length === 1 ? lit(it.words[0], mode) : `(${it.words.map((w) => `'${w}'`).join(" <-> ")})`;
  if (it.negated) return `!${inner}`;
  // A compound is also found by its parts (upphandlingsprocessen → upphandling, process): either
  // part, since documents seldom hold both; those with both rank higher (two part terms), and all
  // rank below the compound itself (RANKING.part).
  return withParts && it.parts?.length ? `(${[inner, ...it.parts.map((p) => lit(p, mode))].join(" | ")})` : inner;
}

/** The compound parts of the query's positive one-word items, without duplicates or the words themselves. */
export const queryParts = (q: ParsedQuery) =>
  [...new Set(q.groups.flat().filter((i) => !i.negated).flatMap((i) => i.parts ?? []))].filter((p) => !q.words.includes(p));

/** One tsquery string per synonym alternative (a word, or a phrase of its words), without duplicates. */
export const synonymTsqueries = (q: ParsedQuery, mode: Mode = "stem") =>
  [...new Set(q.groups.flat().filter((i) => i.synonym && !i.negated).map((i) => itemQuery({ ...i, parts: undefined }, mode)))];

/** Every group must match (AND); items within a group are alternatives (OR). */
export function strictTsquery(q: ParsedQuery, mode: Mode): string {
  const p = !q.partsRankOnly;
  return q.groups.map((g) => (g.length === 1 ? itemQuery(g[0], mode, p) : `(${g.map((i) => itemQuery(i, mode, p)).join(" | ")})`)).join(" & ");
}

/** Any positive word may match (OR), exclusions still apply: for natural-language questions. */
export function looseTsquery(q: ParsedQuery, mode: Mode): string {
  const pos = [...[...q.words, ...(q.partsRankOnly ? [] : queryParts(q))].map((w) => lit(w, mode)), ...synonymTsqueries(q, mode)];
  const neg = q.groups.flat().filter((i) => i.negated).map((i) => itemQuery(i, mode));
  if (pos.length === 0) return "";
  const any = pos.length === 1 ? pos[0] : `(${pos.join(" | ")})`;
  return [any, ...neg].join(" & ");
}

/** One tsquery string per positive word, for per-term (IDF-weighted) ranking. */
export const termTsqueries = (q: ParsedQuery, mode: Mode = "stem") => q.words.map((w) => lit(w, mode));

/** One tsquery string per compound part (ranked with RANKING.part of a word's weight). */
export const partTsqueries = (q: ParsedQuery, mode: Mode = "stem") => queryParts(q).map((w) => lit(w, mode));

/** The phrase of all positive words, for the exact-title bonus. */
export const titlePhrase = (q: ParsedQuery) => q.words.map((w) => `'${w}'`).join(" <-> ");

/** The same phrase restricted to title positions (weight A of tsv_simple), so ranking needs no per-row to_tsvector. */
export const titlePhraseA = (q: ParsedQuery) => q.words.map((w) => `'${w}':A`).join(" <-> ");
