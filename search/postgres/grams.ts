import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../../db/types";
import { RANKING } from "./rank";

type Db = Kysely<Database>;

// Natural-language questions (docs/decisions/2026-12-02-search-ranking.md): the stems find and
// rank the candidates; the best RANKING.gramsTop of them are ranked again by the character
// 4-grams they share with the question (search_documents.grams, migration 2026-12-02T2200), each
// gram weighted by its IDF, so rare words and their compounds and inflections dominate and the
// common verbs ("går", "får", "ska") weigh little. The grams only re-order what the stems found
// within the viewer's scope: they never add a document.

/** A question's grams that some document holds, with their IDF; the rarest first, at most `max`. */
export type QueryGrams = { grams: string[]; idf: number[] };

export async function loadQueryGrams(db: Db, words: string[], max = 64): Promise<QueryGrams> {
  const { rows } = await sql<{ gram: string; idf: number }>`
    WITH n AS (SELECT coalesce((SELECT ndoc FROM search_lexeme_stats WHERE lexeme = ' N'), 0)::float8 AS n)
    SELECT g.lexeme AS gram, ln(1 + (n.n - s.ndoc + 0.5) / (s.ndoc + 0.5)) AS idf
    FROM unnest(search_grams(${words.join(" ")})) g JOIN search_gram_stats s ON s.gram = g.lexeme, n
    WHERE n.n > 0 ORDER BY s.ndoc, g.lexeme LIMIT ${max}`.execute(db);
  return { grams: rows.map((r) => r.gram), idf: rows.map((r) => Number(r.idf)) };
}

/**
 * CTEs that turn the candidates `c0` into `c` (same columns): the top candidates by their stem
 * score get a share RANKING.grams of their score from their gram score (both scaled to the
 * query's best), the rest keep only the stem share, so they stay below.
 */
export function gramRerankSql(g: QueryGrams): RawBuilder<unknown> {
  const a = RANKING.grams;
  // Grams are letters and digits (search_grams), so quoting them as a tsquery lexeme is safe.
  const tq = g.grams.map((x) => `'${x}'`);
  return sql`
    top AS MATERIALIZED (SELECT doc_type, doc_id, score FROM c0 ORDER BY score DESC, updated_at DESC LIMIT ${RANKING.gramsTop}),
    gs AS MATERIALIZED (
      SELECT top.doc_type, top.doc_id, (SELECT sum(x.w * ts_rank('{1,1,1,1}'::float4[], d.grams, x.g::tsquery, 1))
        FROM unnest(${tq}::text[], ${g.idf}::float8[]) AS x(g, w)) AS g
      FROM top JOIN search_documents d ON d.doc_type = top.doc_type AND d.doc_id = top.doc_id),
    mx AS (SELECT (SELECT max(score) FROM top) AS s, (SELECT max(g) FROM gs) AS g),
    c AS (
      SELECT c0.doc_type, c0.doc_id, c0.group_key, c0.updated_at, c0.kind, c0.tags, c0.org_id, c0.areas, c0.status, c0.solved,
        c0.reply_count, ${sql.lit(1 - a)} * coalesce(c0.score / nullif(mx.s, 0), 0) + ${sql.lit(a)} * coalesce(gs.g / nullif(mx.g, 0), 0) AS score
      FROM c0 LEFT JOIN gs ON gs.doc_type = c0.doc_type AND gs.doc_id = c0.doc_id, mx)`;
}
