import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/types";
import type { ParsedQuery, QueryItem } from "../query";
import { queryParts, TSQUERY } from "./tsquery";

type Db = Kysely<Database>;

// How a search finds its candidates (docs/decisions/2026-11-23-search-speed.md). Through the GIN
// indexes, work grows with the documents of the words looked up: a word in a third of a million
// documents costs hundreds of milliseconds (a prefix even when another word is rare, since GIN
// reads every document of every word it expands to). So the engine first looks up document
// frequencies and then either
//  * "exact": reads the matches through the index, starting from the query's cheapest part, and
//    ranks every match (totals and facets exact), when that part is in few documents; or
//  * "window": ranks a bounded set of candidates: the newest matches among the newest documents
//    (a walk that stops after a row budget), plus the documents whose title holds the query,
//    whatever their age, since those rank first.

/** Candidate windows (tuned on bench:search for speed, checked on bench:relevance). */
export const WINDOW = {
  /** The exact path when its cheapest part is in at most this many documents. */
  exactMax: 3000,
  /** Otherwise: this many of the most recently active matches … */
  recent: 200,
  /** … plus this many whose title holds the query as a phrase (newest first), and exact titles. */
  title: 60,
  /** The walk is sized to meet about this many times `recent` matches … */
  coverage: 3,
  /** … but reads at most this many of the newest documents (titles: four times as far back). */
  maxRows: 6000,
  /** Guess at the share of documents with all of a phrase's words that have them as the phrase. */
  phraseShare: 0.05,
  /**
   * A phrase through the index, in units of reading and ranking a match (measured): checking the
   * positions of a document with all its words costs about 0.3; GIN reads about 25 list entries
   * (three vectors) in the same time.
   */
  phraseCheck: 0.3,
  phraseList: 1 / 25,
};

export type TermStats = { stop: boolean; df: number; family: number };
export type PlanStats = { n: number; terms: TermStats[]; marks: { rank: number; at: Date }[] };

/** The newest matches of some of the query's words (null: the whole query), reading at most `rows` documents (null: all). */
export type RecentTier = { words: string[] | null; rows: number | null };

export type SearchPlan =
  | { kind: "exact"; /** The group whose documents are read first (null: the whole query). */ driver: QueryItem[] | null }
  | { kind: "window"; estimate: number; recent: RecentTier[]; /** Titles active since then (null: all). */ titleSince: Date | null };

/** Document frequencies of the query's words (one term per word, as termTsqueries) and the recency marks. */
export async function loadPlanStats(db: Db, terms: string[]): Promise<PlanStats> {
  const { rows } = await sql<{ n: number; terms: TermStats[] | null; marks: { rank: number; at: string }[] | null }>`
    WITH t AS (
      SELECT i, to_tsquery('swedish', raw)::text AS tq, raw LIKE '%:*' AS prefix
      FROM unnest(${terms}::text[]) WITH ORDINALITY AS x(raw, i)
    ), l AS MATERIALIZED (SELECT i, tq = '' AS stop, prefix, substring(tq FROM '^''([^'']+)''') AS lx FROM t)
    SELECT coalesce((SELECT ndoc FROM search_lexeme_stats WHERE lexeme = ' N'), 0)::float8 AS n,
      (SELECT json_agg(json_build_object('stop', l.stop, 'df', coalesce(s.ndoc, 0), 'family', coalesce(f.family, s.ndoc, 0)) ORDER BY l.i)
       FROM l LEFT JOIN search_lexeme_stats s ON s.lexeme = l.lx
       LEFT JOIN LATERAL (
         SELECT sum(ndoc)::float8 AS family FROM search_lexeme_stats
         WHERE l.prefix AND lexeme ~>=~ l.lx AND lexeme ~<~ (l.lx || chr(1114111)) AND starts_with(lexeme, l.lx)
       ) f ON true) AS terms,
      (SELECT json_agg(json_build_object('rank', rank, 'at', updated_at) ORDER BY rank) FROM search_recency_marks) AS marks
  `.execute(db);
  const r = rows[0];
  return {
    n: Number(r?.n ?? 0),
    terms: (r?.terms ?? []).map((t) => ({ stop: t.stop, df: Number(t.df), family: Number(t.family) })),
    marks: (r?.marks ?? []).map((m) => ({ rank: Number(m.rank), at: new Date(m.at) })),
  };
}

const stats = (q: ParsedQuery, s: PlanStats, w: string) => s.terms[q.words.indexOf(w)];
/** Documents an index lookup of `w` reads: a prefix reads every word it expands to. */
const lookupDocs = (q: ParsedQuery, s: PlanStats, w: string, prefix: boolean) => {
  const t = stats(q, s, w);
  if (!t) return s.n;
  return t.stop ? 0 : prefix && w.length >= TSQUERY.prefixMin ? Math.max(t.df, t.family) : t.df;
};
/** Share of documents holding `w`; a stop word does not restrict the Swedish match. */
const share = (q: ParsedQuery, s: PlanStats, w: string, prefix: boolean) => {
  const t = stats(q, s, w);
  return !t || t.stop || s.n === 0 ? 1 : Math.min(1, lookupDocs(q, s, w, prefix) / s.n);
};
const itemShare = (q: ParsedQuery, s: PlanStats, it: QueryItem) =>
  it.words.length === 1 ? share(q, s, it.words[0], true) : it.words.reduce((a, w) => a * share(q, s, w, false), 1) * WINDOW.phraseShare;

/** Estimated matches of the query (words independent; exclusions ignored, so it errs high). */
export function estimateMatches(q: ParsedQuery, mode: "all" | "any", s: PlanStats): number {
  if (mode === "any") return s.n * Math.min(1, q.words.reduce((a, w) => a + share(q, s, w, false), 0));
  const positive = q.groups.filter((g) => !g[0]?.negated);
  return s.n * positive.reduce((p, g) => p * Math.min(1, g.reduce((a, it) => a + itemShare(q, s, it), 0)), 1);
}

/**
 * What reading an item through the index costs, in documents. A word: every document of it (of
 * every word a prefix expands to). A phrase: GIN intersects its words' lists without a prefix,
 * cheaply, then checks positions in each document holding all of them.
 */
function itemDocs(q: ParsedQuery, s: PlanStats, it: QueryItem): number {
  // A stop word cannot lead: the Swedish match leaves it out, so its documents are no superset.
  const words = it.words.filter((w) => !stats(q, s, w)?.stop);
  if (words.length === 0) return Infinity;
  if (it.words.length === 1) {
    // Its compound parts are alternatives: GIN reads every part's documents too.
    const ps = queryParts(q);
    const partDocs = (q.partsRankOnly ? [] : it.parts ?? []).reduce((a, p) => {
      const t = s.terms[q.words.length + ps.indexOf(p)];
      return a + (!t || ps.indexOf(p) < 0 ? 0 : t.stop ? 0 : Math.max(t.df, t.family));
    }, 0);
    return lookupDocs(q, s, words[0], true) + partDocs;
  }
  const all = words.reduce((a, w) => a * share(q, s, w, false), s.n);
  return WINDOW.phraseCheck * all + WINDOW.phraseList * words.reduce((a, w) => a + lookupDocs(q, s, w, false), 0);
}

/** The positive group cheapest to read through the index, and what that reads. */
export function cheapestGroup(q: ParsedQuery, s: PlanStats): { group: QueryItem[]; docs: number } | null {
  let best: { group: QueryItem[]; docs: number } | null = null;
  for (const g of q.groups) {
    if (g[0]?.negated) continue;
    const docs = g.reduce((a, it) => a + itemDocs(q, s, it), 0);
    if (!best || docs < best.docs) best = { group: g, docs };
  }
  return best;
}

/**
 * "Any" mode (questions): the rarest known words, as many as fit in exactMax documents together
 * (at least one). Documents with only the common words rank low anyway: their words weigh little (IDF).
 */
export function coreWords(q: ParsedQuery, s: PlanStats): string[] {
  const known = q.words.filter((w) => stats(q, s, w) && !stats(q, s, w).stop && stats(q, s, w).df > 0);
  known.sort((a, b) => stats(q, s, a).df - stats(q, s, b).df);
  const out: string[] = [];
  let sum = 0;
  for (const w of known) {
    if (out.length > 0 && sum + stats(q, s, w).df > WINDOW.exactMax) break;
    out.push(w);
    sum += stats(q, s, w).df;
  }
  return out;
}

/** The updated_at of the `rank`-th newest document, rounded to a recorded mark (null: all of them). */
export function sinceRank(s: PlanStats, rank: number): Date | null {
  const m = s.marks.find((x) => x.rank >= rank);
  return m ? m.at : null;
}

/** How many of the newest documents to read to meet about coverage × recent of `matches` matches (null: all, through the index). */
function budget(s: PlanStats, matches: number): number | null {
  if (matches <= WINDOW.coverage * WINDOW.recent && matches <= WINDOW.exactMax) return null;
  return Math.min(WINDOW.maxRows, Math.max(WINDOW.recent, Math.ceil((s.n * WINDOW.coverage * WINDOW.recent) / Math.max(1, matches))));
}

/**
 * Exact when the query's cheapest part is in few documents (or the whole index is small);
 * otherwise a window of candidates. "Any" mode windows have two walks: its rarest words (often
 * few enough to read every match) and all its known words. `full`: every walk reads its whole
 * budget (a second look when the estimate promised more than the walk met).
 */
export function choosePlan(q: ParsedQuery, mode: "all" | "any", s: PlanStats, full = false, filtered = false): SearchPlan {
  if (s.n <= WINDOW.exactMax) return { kind: "exact", driver: null };
  // Filters thin out the newest documents: then a walk reads its whole budget too.
  const rowsFor = (matches: number) => {
    const rows = budget(s, matches);
    return rows !== null && (full || filtered) ? WINDOW.maxRows : rows;
  };
  const estimate = estimateMatches(q, mode, s);
  const recent: RecentTier[] = [];
  if (mode === "all") {
    const cheapest = cheapestGroup(q, s);
    if (cheapest && cheapest.docs <= WINDOW.exactMax) {
      // Read the cheapest group first when the rest would make the index read more (more groups, exclusions).
      const positive = q.groups.filter((g) => !g[0]?.negated).length;
      return { kind: "exact", driver: positive > 1 || positive < q.groups.length ? cheapest.group : null };
    }
    recent.push({ words: null, rows: rowsFor(estimate) ?? WINDOW.maxRows });
  } else {
    const known = q.words.filter((w) => stats(q, s, w) && !stats(q, s, w).stop && stats(q, s, w).df > 0);
    const docs = (ws: string[]) => ws.reduce((a, w) => a + stats(q, s, w).df, 0);
    if (known.length === q.words.length && docs(known) <= WINDOW.exactMax) return { kind: "exact", driver: null };
    const core = coreWords(q, s);
    recent.push(core.length ? { words: core, rows: rowsFor(docs(core)) } : { words: null, rows: WINDOW.maxRows });
    if (known.length > core.length) recent.push({ words: known, rows: rowsFor(Math.min(s.n, docs(known))) });
    // A tier read through the index matches its words alone (search.ts): the synonyms' and compound
    // parts' documents then come from a walk of the newest, bounded like any other.
    const alternatives = queryParts(q).length > 0 || q.groups.some((g) => g.some((it) => it.synonym && !it.negated));
    if (alternatives && recent.every((t) => t.rows === null)) recent.push({ words: known.length ? known : null, rows: WINDOW.maxRows });
  }
  // One word in a title is common; the phrase of several is rare enough to look at every title.
  const titleSince = q.words.length === 1 ? sinceRank(s, Math.min(s.n, 4 * WINDOW.maxRows)) : null;
  return { kind: "window", estimate, recent, titleSince };
}
