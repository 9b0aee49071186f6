import { sql, type Kysely } from "kysely";

// Natural-language questions rank by the character 4-grams they share with a document (issue 18;
// docs/decisions/2026-12-02-search-ranking.md): Swedish compounds and inflections that the
// Snowball stemmer keeps apart ("intresseanmälan" / "intresseanmälningarna", "ansvar" /
// "huvudansvaret") share most of their 4-grams. Each word of the first 3,000 characters becomes
// its 4-grams with a 0 at either end ("0ans", "ansv", …, "var0"); words of three letters or
// fewer are one gram. The 'simple' parser keeps such tokens whole, and the positions carry each
// gram's frequency for ts_rank. No GIN index: the grams only re-rank candidates that the stems found.
// search_gram_stats holds each gram's document frequency (for IDF), refreshed with the stems'.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION search_grams(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      SELECT to_tsvector('simple'::regconfig, coalesce(string_agg(substr(w, i, 4), ' '), ''))
      FROM (SELECT '0' || w || '0' AS w FROM regexp_split_to_table(lower(left(t, 3000)), '[^[:alnum:]]+') AS s(w) WHERE w <> '') x,
           generate_series(1, greatest(length(w) - 3, 1)) AS i
    $$`.execute(db);
  await sql`ALTER TABLE search_documents ADD COLUMN grams tsvector
            GENERATED ALWAYS AS (search_grams(title || ' ' || tag_text || ' ' || summary || ' ' || body)) STORED`.execute(db);
  await db.schema
    .createTable("search_gram_stats")
    .addColumn("gram", "text", (c) => c.primaryKey())
    .addColumn("ndoc", "integer", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("search_gram_stats").ifExists().execute();
  await sql`ALTER TABLE search_documents DROP COLUMN IF EXISTS grams`.execute(db);
  await sql`DROP FUNCTION IF EXISTS search_grams(text)`.execute(db);
}
