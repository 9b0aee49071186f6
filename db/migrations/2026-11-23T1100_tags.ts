import { sql, type Kysely } from "kysely";

// Forum tags: network-wide, bilingual, grouped by area, with synonyms that map to the tag when
// writing and searching. A merged tag points at the tag it became (its URL keeps working).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("tags")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name_sv", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("area", "text", (c) =>
      c.notNull().check(
        sql`area IN ('customer_service','hr','purchasing','internal_admin','health_social_care','schools','urban_planning','it','law_ethics','security')`,
      ),
    )
    .addColumn("synonyms", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("merged_into_id", "bigint", (c) => c.references("tags.id"))
    .addColumn("created_by", "bigint", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE INDEX tags_synonyms_idx ON tags USING gin (synonyms)`.execute(db);
  await sql`CREATE INDEX tags_area_idx ON tags (area) WHERE merged_into_id IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("tags").execute();
}
