import { expressionBuilder, sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../../db/types";
import { visibleTo } from "../../app/policy/visibility";
import type { Viewer } from "../../app/policy/types";
import type { ParsedQuery } from "../query";
import type { Facets, SearchFilters, SearchHit, SearchRequest, SearchResult } from "../types";
import { looseTsquery, strictTsquery, termTsqueries, titlePhrase } from "./tsquery";

type Db = Kysely<Database>;

/** Ranking knobs (tuned on the SweFAQ dev split only, see bench/relevance.ts). */
export const RANKING = {
  weights: "{0.3, 0.4, 0.5, 0.6}", // D, C, B, A: body < summary < tags < title
  lengthNorm: 1, // ts_rank normalisation: divide by 1 + log(length)
  strictBonus: 0.3, // every word matched (in "any" mode)
  exactTitle: 3, // the title is exactly the query
  titlePhrase: 1, // the title contains the query as a phrase
  exactForms: 0.2, // weight of the exact-word ('simple') rank
  solved: 0.15, // accepted answers and solved questions
  recency: 0.15, // decays over a year
};

const W = () => sql.lit(RANKING.weights);

/**
 * The ranking window: at most this many matches (the most recently active first) are ranked,
 * counted and faceted. Keeps a search over a million documents bounded when a word is in most of
 * them; below the cap, totals and facets are exact. The page says "more than" when it is hit.
 */
export const RANK_WINDOW = 2000;

/** A word in more documents than this makes the match set "large" (see matchIsLarge). */
export const LARGE_DF = 20_000;

/**
 * Whether the match set is large, from the words' document frequencies: then the ranking window
 * is filled by walking the most recently active documents (stopping after RANK_WINDOW matches)
 * instead of reading every match through the GIN bitmap. All-words mode: the rarest word decides;
 * any-word mode: the most common.
 */
export async function matchIsLarge(db: Db, q: ParsedQuery | null, mode: "all" | "any" | "browse"): Promise<boolean> {
  if (!q || mode === "browse") return true;
  const { rows } = await sql<{ mn: number | null; mx: number | null; known: number }>`
    SELECT min(coalesce(s.ndoc, 0)) AS mn, max(coalesce(s.ndoc, 0)) AS mx, count(s.ndoc)::int AS known
    FROM (SELECT substring(to_tsquery('swedish', raw)::text FROM '^''([^'']+)''') AS lx FROM unnest(${q.words}::text[]) raw) x
    LEFT JOIN search_lexeme_stats s ON s.lexeme = x.lx`.execute(db);
  const r = rows[0];
  if (!r) return false;
  return mode === "all" ? Number(r.mn ?? 0) > LARGE_DF : Number(r.mx ?? 0) > LARGE_DF;
}

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

type Row = { hits: SearchHit[] | null; total: number | string; capped: boolean; facets: { f: string; v: string; n: number }[] | null };

/** HTML-escapes text in SQL, so ts_headline only ever adds <mark> to already-safe text. */
const esc = (e: RawBuilder<unknown>) =>
  sql`replace(replace(replace(replace(replace(${e}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')`;

/**
 * Runs one search statement: matching (any or every word), scope, filters, ranking, collapsing
 * per thread, the page with highlighted snippets, the distinct total and the facet counts.
 */
export async function runSearch(
  db: Db,
  q: ParsedQuery | null,
  req: SearchRequest,
  viewer: Viewer | null,
  mode: "all" | "any" | "browse",
): Promise<{ hits: SearchHit[]; total: number; capped: boolean; facets: Facets }> {
  // Questions ("any") match whole stems: prefixes add more noise than recall to long questions
  // (measured on the SweFAQ dev split); keyword searches ("all") use prefixes for compounds.
  const sm = mode === "all" ? "stem" : "words";
  const stem = q ? (mode === "all" ? strictTsquery(q, "stem") : looseTsquery(q, "words")) : "";
  const exact = q ? (mode === "all" ? strictTsquery(q, "exact") : looseTsquery(q, "exact")) : "";
  const strict = q ? strictTsquery(q, "stem") : "";
  const hl = q ? looseTsquery(q, "stem") : "";
  const terms = q ? termTsqueries(q, sm) : [];
  const lower = q ? q.words.join(" ") : "";
  const match = mode === "browse" ? sql`true` : sql`(d.tsv_sv @@ q.sv OR d.tsv_en @@ q.en OR d.tsv_simple @@ q.si)`;
  const score = mode === "browse" ? sql`0::float8` : sql`(
      (SELECT coalesce(sum(t.idf * ts_rank(${W()}::float4[], m.tsv_sv, t.tq, ${sql.lit(RANKING.lengthNorm)})), 0) FROM terms t)
      + CASE WHEN m.tsv_sv @@ q.strict THEN ${sql.lit(RANKING.strictBonus)} ELSE 0 END
      + CASE WHEN lower(m.title) = ${lower} THEN ${sql.lit(RANKING.exactTitle)}
             WHEN m.title <> '' AND to_tsvector('simple', m.title) @@ q.title THEN ${sql.lit(RANKING.titlePhrase)} ELSE 0 END
      + ${sql.lit(RANKING.exactForms)} * ts_rank(${W()}::float4[], m.tsv_simple, q.si, ${sql.lit(RANKING.lengthNorm)})
      + CASE WHEN m.accepted OR m.solved THEN ${sql.lit(RANKING.solved)} ELSE 0 END
      + ${sql.lit(RANKING.recency)} * exp(-extract(epoch FROM (now() - m.updated_at)) / (86400 * 365)))`;
  const orderBy = (a: string) => {
    const c = (n: string) => sql.ref(`${a}.${n}`);
    return req.sort === "newest" || mode === "browse"
      ? sql`${c("updated_at")} DESC, ${c("doc_id")} DESC`
      : sql`${c("score")} DESC, ${c("updated_at")} DESC, ${c("doc_id")} DESC`;
  };
  const offset = (req.page - 1) * req.perPage;
  const headline = (col: RawBuilder<unknown>, opts: string) =>
    mode === "browse" ? sql`left(${esc(col)}, 300)` : sql`ts_headline('swedish', ${esc(col)}, q.hl, ${opts})`;
  const large = await matchIsLarge(db, q, mode);
  if (large) await sql`SET LOCAL enable_bitmapscan = off`.execute(db);
  const { rows } = await sql<Row>`
    WITH q AS (
      SELECT to_tsquery('swedish', ${stem}) AS sv, to_tsquery('english', ${stem}) AS en,
             to_tsquery('simple', ${exact}) AS si, to_tsquery('swedish', ${strict}) AS strict,
             to_tsquery('swedish', ${hl}) AS hl, to_tsquery('simple', ${q ? titlePhrase(q) : ""}) AS title
    ),
    n AS MATERIALIZED (SELECT coalesce((SELECT ndoc FROM search_lexeme_stats WHERE lexeme = ' N'), 0)::float8 AS n),
    terms AS MATERIALIZED (
      SELECT x.tq, CASE WHEN n.n = 0 THEN 1.0
                        ELSE ln(1 + (n.n - coalesce(s.ndoc, 0) + 0.5) / (coalesce(s.ndoc, 0) + 0.5)) END AS idf
      FROM (SELECT to_tsquery('swedish', raw) AS tq FROM unnest(${terms}::text[]) AS raw) x
      CROSS JOIN n
      LEFT JOIN search_lexeme_stats s ON s.lexeme = substring(x.tq::text FROM '^''([^'']+)''')
      WHERE x.tq::text <> ''
    ),
    m AS MATERIALIZED (
      SELECT d.doc_type, d.doc_id, d.group_key, d.kind, d.tags, d.org_id, d.areas, d.status, d.solved,
             d.reply_count, d.accepted, d.title, d.updated_at, d.tsv_sv, d.tsv_simple
      FROM search_documents d, q
      WHERE ${match} AND ${visible(viewer)} AND ${filterSql(req.filters)}
      ORDER BY d.updated_at DESC
      LIMIT ${RANK_WINDOW}
    ),
    r AS (SELECT m.doc_type, m.doc_id, m.group_key, m.updated_at, ${score} AS score FROM m, q),
    b AS (SELECT DISTINCT ON (group_key) * FROM r ORDER BY group_key, score DESC, doc_type DESC),
    page AS (SELECT b.* FROM b ORDER BY ${orderBy("b")} LIMIT ${req.perPage} OFFSET ${offset}),
    facets AS (
      SELECT 'kind' AS f, kind AS v, count(DISTINCT group_key)::int AS n FROM m GROUP BY kind
      UNION ALL SELECT 'tag', t, count(DISTINCT group_key)::int FROM m, unnest(m.tags) t GROUP BY t
      UNION ALL SELECT 'org', org_id::text, count(DISTINCT group_key)::int FROM m GROUP BY org_id
      UNION ALL SELECT 'area', a, count(DISTINCT group_key)::int FROM m, unnest(m.areas) a GROUP BY a
      UNION ALL SELECT 'status', status, count(DISTINCT group_key)::int FROM m WHERE status IS NOT NULL GROUP BY status
      UNION ALL SELECT 'answered', 'solved', count(DISTINCT group_key)::int FROM m WHERE kind = 'question' AND solved
      UNION ALL SELECT 'answered', 'unsolved', count(DISTINCT group_key)::int FROM m WHERE kind = 'question' AND NOT solved
      UNION ALL SELECT 'answered', 'unanswered', count(DISTINCT group_key)::int FROM m WHERE kind = 'question' AND NOT solved AND reply_count = 0
    )
    SELECT
      (SELECT json_agg(json_build_object(
          'type', d.doc_type, 'id', d.doc_id, 'kind', d.kind, 'parentId', d.parent_id, 'slug', d.slug, 'path', d.path,
          'title', d.title, 'parentTitle', d.parent_title,
          'titleHtml', ${headline(sql`d.title`, "HighlightAll=true, StartSel=<mark>, StopSel=</mark>")},
          'snippetHtml', ${headline(sql`CASE WHEN d.summary <> '' THEN d.summary || ' ' || d.body ELSE d.body END`, "StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \"")},
          'tags', d.tags, 'orgId', d.org_id::text, 'visibility', d.visibility, 'status', d.status, 'solved', d.solved,
          'accepted', d.accepted, 'replyCount', d.reply_count, 'createdAt', d.created_at, 'updatedAt', d.updated_at,
          'score', page.score) ORDER BY ${orderBy("page")})
        FROM page JOIN search_documents d ON d.doc_type = page.doc_type AND d.doc_id = page.doc_id, q) AS hits,
      (SELECT count(*) FROM b) AS total,
      (SELECT count(*) >= ${RANK_WINDOW} FROM m) AS capped,
      (SELECT json_agg(facets) FROM facets WHERE n > 0) AS facets
  `.execute(db);
  if (large) await sql`SET LOCAL enable_bitmapscan = on`.execute(db);
  const row = rows[0];
  return { hits: (row?.hits ?? []).map(safeHit), total: Number(row?.total ?? 0), capped: Boolean(row?.capped), facets: toFacets(row?.facets ?? []) };
}

/** Accepts only escaped text plus <mark>…</mark>; anything else falls back to plain escaped text. */
export function safeSnippet(html: string | null | undefined): string {
  const s = html ?? "";
  const stripped = s.replace(/<\/?mark>/g, "");
  if (/[<>]/.test(stripped)) return stripped.replace(/[<>]/g, (c) => (c === "<" ? "&lt;" : "&gt;"));
  return s;
}

function safeHit(h: SearchHit & { titleHtml?: string }): SearchHit {
  return { ...h, snippetHtml: safeSnippet(h.snippetHtml), titleHtml: safeSnippet(h.titleHtml), score: Number(h.score) } as SearchHit;
}

export function toFacets(rows: { f: string; v: string; n: number }[]): Facets {
  const facets: Facets = { kind: [], tag: [], org: [], area: [], status: [], answered: [] };
  for (const r of rows) {
    const list = facets[r.f as keyof Facets];
    if (list) list.push({ value: r.v, count: Number(r.n) });
  }
  for (const list of Object.values(facets)) list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, "sv"));
  return facets;
}

export type { SearchResult };
