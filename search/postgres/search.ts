import { expressionBuilder, sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../../db/types";
import { visibleTo } from "../../app/policy/visibility";
import type { Viewer } from "../../app/policy/types";
import type { ParsedQuery } from "../query";
import type { Facets, SearchFilters, SearchHit, SearchRequest, SearchResult } from "../types";
import { looseTsquery, partTsqueries, strictTsquery, synonymTsqueries, termTsqueries, titlePhrase, titlePhraseA } from "./tsquery";
import { choosePlan, loadPlanStats, WINDOW, type PlanStats, type RecentTier, type SearchPlan } from "./plan";
import { RANKING, scoreSql, type RankTerm } from "./rank";
import { esc, facetsSql, safeHit, toFacets } from "./results";
import { attachmentHitSql } from "./attachments";
import { gramRerankSql, loadQueryGrams } from "./grams";

export { RANKING } from "./rank";
export { safeSnippet, toFacets } from "./results";

type Db = Kysely<Database>;
type Mode = "all" | "any" | "browse";

/**
 * The most matches ranked, counted and faceted on the exact path and when browsing (the most
 * recently active first), in case the estimate was low; the page says "more than" when hit.
 */
export const RANK_WINDOW = 2000;

/** The viewer's scope on search_documents, from the one permission model. */
export const visible = (viewer: Viewer | null, alias = "d") =>
  visibleTo(expressionBuilder<Database, "search_documents">(), viewer, alias);

export function filterSql(f: SearchFilters, alias = "d"): RawBuilder<unknown> {
  const c = (name: string) => sql.ref(`${alias}.${name}`);
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (f.kinds.length) parts.push(sql`${c("kind")} = ANY(${f.kinds}::text[])`);
  if (f.tags.length) parts.push(sql`${c("tags")} @> ${f.tags}::text[]`);
  if (f.orgs.length) parts.push(sql`${c("org_id")} = ANY(${f.orgs}::bigint[])`);
  if (f.areas.length) parts.push(sql`${c("areas")} && ${f.areas}::text[]`);
  if (f.statuses.length) parts.push(sql`${c("status")} = ANY(${f.statuses}::text[])`);
  if (f.answered === "solved") parts.push(sql`(${c("kind")} = 'question' AND ${c("solved")})`);
  if (f.answered === "unsolved") parts.push(sql`(${c("kind")} = 'question' AND NOT ${c("solved")})`);
  if (f.answered === "unanswered") parts.push(sql`(${c("kind")} = 'question' AND NOT ${c("solved")} AND ${c("reply_count")} = 0)`);
  if (f.from) parts.push(sql`${c("created_at")} >= ${f.from}`);
  if (f.to) parts.push(sql`${c("created_at")} < ${f.to}::timestamptz + interval '1 day'`);
  return sql.join(parts, sql` AND `);
}

/**
 * Any of the three vectors matches. The tsqueries are parameters in the condition itself (not
 * joined in from a CTE), so the planner sees the words and their frequencies and can choose
 * between the GIN indexes and walking the newest documents.
 */
const matchSql = (stem: string, exact: string) =>
  sql`(d.tsv_sv @@ to_tsquery('swedish', ${stem}) OR d.tsv_en @@ to_tsquery('english', ${stem}) OR d.tsv_simple @@ to_tsquery('simple', ${exact}))`;

/** A scored candidate: what collapsing, the page and the facets need (the vectors stay behind). */
const scored = (score: RawBuilder<number>) => sql`d.doc_type, d.doc_id, d.group_key, d.updated_at, d.kind, d.tags, d.org_id,
  d.areas, d.status, d.solved, d.reply_count, ${score} AS score`;

/** Only documents active since that day (UTC; the title index's recency column). */
const sinceDay = (at: Date | null) => (at ? sql`AND (d.updated_at AT TIME ZONE 'UTC')::date >= ${at.toISOString().slice(0, 10)}::date` : sql``);

/**
 * Rows of search_documents as `d`: the `rows` newest documents (a walk of the recency index that
 * stops after that many, whatever the scope and filters let through, so its cost is bounded), or,
 * with no budget, the matches of `lookup` read through the GIN indexes. OFFSET 0 fences the
 * lookup: without it the planner may hope to meet the few matches early in a walk of the recency
 * index and read the whole table instead.
 */
const source = (rows: number | null, scope: RawBuilder<unknown>, lookup: RawBuilder<unknown>) =>
  rows === null ? sql`(SELECT * FROM search_documents d WHERE ${lookup} AND ${scope} OFFSET 0) d`
    : sql`(SELECT * FROM search_documents d ORDER BY d.updated_at DESC LIMIT ${rows}) d`;

/**
 * CTEs `c` (the candidates, scored as they are read, so no row with its vectors is kept) and
 * `cap` (is the result a lower bound?).
 */
function candidates(q: ParsedQuery | null, mode: Mode, plan: SearchPlan | null, scope: RawBuilder<unknown>, score: RawBuilder<number>, name = "c"): RawBuilder<unknown> {
  const c = sql.id(name);
  const matchOf = (cq: ParsedQuery, m: "all" | "any") =>
    m === "all" ? matchSql(strictTsquery(cq, "stem"), strictTsquery(cq, "exact")) : matchSql(looseTsquery(cq, "words"), looseTsquery(cq, "exact"));
  if (!q || mode === "browse" || !plan || plan.kind === "exact") {
    const match = !q || mode === "browse" ? sql`true` : matchOf(q, mode);
    // Browsing walks the newest; a search reads its driver's documents (or all of its own) through the index.
    const from = !q || mode === "browse" ? sql`search_documents d`
      : source(null, scope, plan?.kind === "exact" && plan.driver ? matchOf({ ...q, groups: [plan.driver] }, "all") : match);
    // A search scores its matches before the newest are kept (OFFSET 0 fences the scoring), so the
    // sort carries narrow scored rows, not documents with their vectors (which spilled to disk).
    const rows = !q || mode === "browse" ? sql`SELECT ${scored(score)} FROM ${from}, q WHERE ${match} AND ${scope}`
      : sql`SELECT * FROM (SELECT ${scored(score)} FROM ${from}, q WHERE ${match} AND ${scope} OFFSET 0) s`;
    return sql`
      ${c} AS MATERIALIZED (${rows} ORDER BY updated_at DESC LIMIT ${RANK_WINDOW}),
      cap AS (SELECT count(*) >= ${RANK_WINDOW} AS capped FROM ${c})`;
  }
  const match = matchOf(q, mode);
  // A tier read through the index (no row budget) matches its words alone: the plan priced it by
  // their documents, and the whole query's synonyms and compound parts may be in a third of the
  // index (a seq scan of 1.1 M documents on the bench data). A bounded walk may match them all.
  const plainOf = (words: string[]): ParsedQuery => ({ ...q, words, partsRankOnly: true, groups: q.groups.map((g) => g.filter((it) => !it.synonym)).filter((g) => g.length > 0) });
  const tierMatch = (t: RecentTier) => (t.words ? matchOf(t.rows === null ? plainOf(t.words) : { ...q, words: t.words }, "any") : match);
  const tiers = plan.recent.map((t, i) => sql`
    ${sql.id(`rec${i}`)} AS MATERIALIZED (
      SELECT ${scored(score)} FROM ${source(t.rows, scope, tierMatch(t))}, q WHERE ${tierMatch(t)} AND ${scope}
      ORDER BY d.updated_at DESC LIMIT ${WINDOW.recent}),`);
  const union = plan.recent.map((_, i) => sql`SELECT * FROM ${sql.id(`rec${i}`)} UNION ALL `);
  // "More than N" only from what the viewer may read: the walk's budget is chosen from
  // network-wide word frequencies (other organisations' private documents included), so a
  // budget alone must not say that there is more.
  const full = sql.join(plan.recent.map((_, i) => sql`(SELECT count(*) FROM ${sql.id(`rec${i}`)}) >= ${WINDOW.recent}`), sql` OR `);
  return sql`
    ${sql.join(tiers, sql``)}
    tit AS MATERIALIZED (
      SELECT ${scored(score)} FROM search_documents d, q
      WHERE d.title <> '' AND to_tsvector('simple'::regconfig, d.title) @@ to_tsquery('simple', ${titlePhrase(q)})
        AND ${match} AND ${scope} ${sinceDay(plan.titleSince)}
      ORDER BY d.updated_at DESC LIMIT ${WINDOW.title}),
    ext AS MATERIALIZED (
      SELECT ${scored(score)} FROM search_documents d, q
      WHERE d.title <> '' AND lower(d.title) = ${q.words.join(" ")} AND ${match} AND ${scope} LIMIT ${WINDOW.title}),
    ${c} AS (${sql.join(union, sql``)} SELECT * FROM tit UNION ALL SELECT * FROM ext),
    cap AS (SELECT ${full} AS capped)`;
}

type Row = { hits: SearchHit[] | null; total: number | string; capped: boolean; facets: { f: string; v: string; n: number }[] | null; miss: (number | string)[] | null; shown: number | string };
/** `missing`: in "any" mode, the words at least half of the shown hits lack (soft AND's notice). */
export type RunResult = { hits: SearchHit[]; total: number; capped: boolean; facets: Facets; plan: SearchPlan | null; missing: string[] };

/** Per positive word, how many rows of `page` lack it (Swedish stem or exact form). */
function missSql(q: ParsedQuery | null, mode: Mode, stats: PlanStats | null): { words: string[]; sql: RawBuilder<unknown> } {
  if (!q || mode !== "any" || !stats) return { words: [], sql: sql`NULL::bigint[]` };
  const words = q.words.filter((_, i) => stats.terms[i] && !stats.terms[i].stop);
  if (words.length === 0) return { words: [], sql: sql`NULL::bigint[]` };
  const has = (w: string) => sql`(d.tsv_sv @@ to_tsquery('swedish', ${`'${w}'`}) OR d.tsv_simple @@ to_tsquery('simple', ${`'${w}'`}))`;
  return {
    words,
    sql: sql`(SELECT ARRAY[${sql.join(words.map((w) => sql`count(*) FILTER (WHERE NOT ${has(w)})`))}]
      FROM page JOIN search_documents d ON d.doc_type = page.doc_type AND d.doc_id = page.doc_id)`,
  };
}

/**
 * Runs one search statement: candidates (every match, or a window of them when there are many),
 * scope, filters, ranking, collapsing per thread, the page with highlighted snippets, the
 * distinct total and the facet counts. `full`: the window's walks read their whole budget.
 */
export async function runSearch(db: Db, q: ParsedQuery | null, req: SearchRequest, viewer: Viewer | null, mode: Mode, full = false, question = false): Promise<RunResult> {
  // Questions ("any") match whole stems: prefixes add more noise than recall to long questions
  // (measured on the SweFAQ dev split); keyword searches ("all") use prefixes for compounds.
  const sm = mode === "all" ? "stem" : "words";
  const terms = q ? termTsqueries(q, sm) : [];
  // Compound parts come after the words: plan.ts reads the words' statistics by position.
  const parts = q ? partTsqueries(q, sm) : [];
  // Synonyms come last (plan.ts reads words, then parts, by position).
  const syns = q ? synonymTsqueries(q, sm) : [];
  const stats: PlanStats | null = q && mode !== "browse" ? await loadPlanStats(db, [...terms, ...parts, ...syns]) : null;
  const f = req.filters;
  const filtered = f.kinds.length + f.tags.length + f.orgs.length + f.areas.length + f.statuses.length > 0 || !!(f.answered || f.from || f.to);
  const plan = q && stats && mode !== "browse" ? choosePlan(q, mode, stats, full, filtered) : null;
  const rankTerms: RankTerm[] = stats
    ? [...terms, ...parts, ...syns].map((tq, i) => ({ tq, df: stats.terms[i]?.df ?? 0, stop: stats.terms[i]?.stop ?? true,
        weight: i < terms.length ? 1 : i < terms.length + parts.length ? RANKING.part : RANKING.synonym })).filter((t) => !t.stop)
    : [];
  const lower = q ? q.words.join(" ") : "";
  const score = mode === "browse" || !stats ? sql<number>`0::float8` : scoreSql(rankTerms, stats.n, lower);
  const orderBy = (a: string) => {
    const c = (n: string) => sql.ref(`${a}.${n}`);
    return req.sort === "newest" || mode === "browse"
      ? sql`${c("updated_at")} DESC, ${c("doc_id")} DESC`
      : sql`${c("score")} DESC, ${c("updated_at")} DESC, ${c("doc_id")} DESC`;
  };
  const headline = (col: RawBuilder<unknown>, opts: string) =>
    mode === "browse" ? sql`left(${esc(col)}, 300)` : sql`ts_headline('swedish', ${esc(col)}, q.hl, ${opts})`;
  const scope = sql`${visible(viewer)} AND ${filterSql(req.filters)}`;
  const miss = missSql(q, mode, stats);
  // Questions are ranked again by their character 4-grams (search/postgres/grams.ts).
  const grams = q && question && mode === "any" && req.sort !== "newest" ? await loadQueryGrams(db, q.words) : null;
  const cands = grams && grams.grams.length ? sql`${candidates(q, mode, plan, scope, score, "c0")}, ${gramRerankSql(grams)}` : candidates(q, mode, plan, scope, score);
  const { rows } = await sql<Row>`
    WITH q AS (
      SELECT to_tsquery('simple', ${q ? (mode === "all" ? strictTsquery(q, "exact") : looseTsquery(q, "exact")) : ""}) AS si,
             to_tsquery('swedish', ${q ? strictTsquery(q, "stem") : ""}) AS strict,
             to_tsquery('swedish', ${q ? looseTsquery(q, "stem") : ""}) AS hl, to_tsquery('simple', ${q ? titlePhraseA(q) : ""}) AS title
    ),
    ${cands},
    b AS MATERIALIZED (SELECT DISTINCT ON (group_key) * FROM c ORDER BY group_key, score DESC, doc_type DESC),
    page AS (SELECT b.* FROM b ORDER BY ${orderBy("b")} LIMIT ${req.perPage} OFFSET ${(req.page - 1) * req.perPage}),
    facets AS (${facetsSql})
    SELECT
      (SELECT json_agg(json_build_object(
          'type', d.doc_type, 'id', d.doc_id, 'kind', d.kind, 'parentId', d.parent_id, 'slug', d.slug, 'path', d.path,
          'title', d.title, 'parentTitle', d.parent_title,
          'titleHtml', ${headline(sql`d.title`, "HighlightAll=true, StartSel=<mark>, StopSel=</mark>")},
          'snippetHtml', ${headline(sql`CASE WHEN d.summary <> '' THEN d.summary || ' ' || d.body ELSE d.body END`, "StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \"")},
          'attachment', ${attachmentHitSql(mode === "browse")},
          'tags', d.tags, 'orgId', d.org_id::text, 'visibility', d.visibility, 'status', d.status, 'solved', d.solved,
          'accepted', d.accepted, 'replyCount', d.reply_count, 'createdAt', d.created_at, 'updatedAt', d.updated_at,
          'score', page.score) ORDER BY ${orderBy("page")})
        FROM page JOIN search_documents d ON d.doc_type = page.doc_type AND d.doc_id = page.doc_id, q) AS hits,
      (SELECT count(*) FROM b) AS total,
      (SELECT capped FROM cap) AS capped,
      (SELECT json_agg(facets) FROM facets WHERE n > 0) AS facets,
      ${miss.sql} AS miss, (SELECT count(*) FROM page) AS shown
  `.execute(db);
  const row = rows[0];
  const shown = Number(row?.shown ?? 0);
  const missing = shown > 0 ? miss.words.filter((_, i) => 2 * Number(row?.miss?.[i] ?? 0) >= shown) : [];
  return { hits: (row?.hits ?? []).map(safeHit), total: Number(row?.total ?? 0), capped: Boolean(row?.capped), facets: toFacets(row?.facets ?? []), plan, missing };
}

export type { SearchResult };
