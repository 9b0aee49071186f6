import { sql, type RawBuilder } from "kysely";

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
  synonym: 0.8, // an admin synonym of a query word, against the word itself (found by a synonym ranks below the word typed)
  part: 0.5, // a query compound's part, against the compound itself (found by parts ranks below exact)
  grams: 0.7, // questions: share of the character 4-gram score against the stem score (search/postgres/grams.ts)
  gramsTop: 100, // questions: how many of the best candidates by stems are ranked again by grams
};

/** One query word for ranking: its Swedish tsquery and its stem's document frequency. */
export type RankTerm = { tq: string; df: number; /** 1 for a query word, RANKING.part for a compound part. */ weight?: number };

const W = () => sql.lit(RANKING.weights);

/** IDF (BM25's) from the number of documents and a stem's document frequency; 1 before any statistics. */
const idf = (n: number, df: number) =>
  sql`(CASE WHEN ${n}::float8 = 0 THEN 1.0 ELSE ln(1 + (${n}::float8 - ${df}::int + 0.5) / (${df}::int + 0.5)) END)`;

/**
 * The relevance of candidate `d` (a search_documents row: tsv_sv, tsv_simple, title, accepted, solved,
 * updated_at) for the query in CTE `q` (strict, si, title): per-word Swedish rank weighted by IDF,
 * all words, exact and phrase titles, exact forms, solved, recency. Written out per word (no
 * per-row subquery); the tsqueries are parameters, so they are parsed once per statement.
 */
export function scoreSql(terms: RankTerm[], n: number, lower: string): RawBuilder<number> {
  const perWord = terms.length
    ? sql.join(terms.map((t) => sql`${sql.lit(t.weight ?? 1)} * ${idf(n, t.df)} * ts_rank(${W()}::float4[], d.tsv_sv, to_tsquery('swedish', ${t.tq}), ${sql.lit(RANKING.lengthNorm)})`), sql` + `)
    : sql`0::float8`;
  return sql<number>`(
      (${perWord})
      + CASE WHEN d.tsv_sv @@ q.strict THEN ${sql.lit(RANKING.strictBonus)} ELSE 0 END
      + CASE WHEN lower(d.title) = ${lower} THEN ${sql.lit(RANKING.exactTitle)}
             WHEN d.tsv_simple @@ q.title THEN ${sql.lit(RANKING.titlePhrase)} ELSE 0 END
      + ${sql.lit(RANKING.exactForms)} * ts_rank(${W()}::float4[], d.tsv_simple, q.si, ${sql.lit(RANKING.lengthNorm)})
      + CASE WHEN d.accepted OR d.solved THEN ${sql.lit(RANKING.solved)} ELSE 0 END
      + ${sql.lit(RANKING.recency)} * exp(-extract(epoch FROM (now() - d.updated_at)) / (86400 * 365)))`;
}
