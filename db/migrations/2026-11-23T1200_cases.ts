import { sql, type Kysely } from "kysely";

// Case studies: what one organisation tried with AI and what happened, with partners, measured
// figures, links, tags, revisions and other organisations' adoptions. Fields follow the public
// case libraries (OECD OPSI, EU Public Sector Tech Watch, the Dutch and UK algorithm registers).
const AREAS = "'customer_service','hr','purchasing','internal_admin','health_social_care','schools','urban_planning','it','law_ethics','security'";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("cases")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("org_id", "bigint", (c) => c.notNull().references("organisations.id"))
    .addColumn("visibility", "text", (c) => c.notNull().check(sql`visibility IN ('organisation','network','public')`))
    .addColumn("shared_org_ids", sql`bigint[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("state", "text", (c) => c.notNull().defaultTo("draft").check(sql`state IN ('draft','published')`))
    .addColumn("language", "text", (c) => c.notNull().defaultTo("sv").check(sql`language IN ('sv','en')`))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("summary", "text", (c) => c.notNull().defaultTo("").check(sql`char_length(summary) <= 300`))
    .addColumn("department", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("suppliers", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("area", "text", (c) => c.check(sql.raw(`area IN (${AREAS})`)))
    .addColumn("techniques", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("tool", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) =>
      c.check(sql`status IN ('idea','exploring','pilot','production','scaled','paused','ended')`),
    )
    .addColumn("start_date", "date")
    .addColumn("last_updated", "date")
    .addColumn("review_by", "date")
    .addColumn("problem", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("approach", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("outcomes", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("evaluated", "text", (c) => c.check(sql`evaluated IN ('no','own_followup','formal')`))
    .addColumn("evaluation_method", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("lessons", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("personal_data", "boolean")
    .addColumn("dpia_done", "boolean")
    .addColumn("ai_act_risk", "text", (c) =>
      c.check(sql`ai_act_risk IN ('minimal','limited','high','unacceptable','not_assessed')`),
    )
    .addColumn("info_classification", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("human_oversight", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("data_used", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("reuse_needs", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("contact_user_id", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("functional_mailbox", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("source_thread_id", "bigint")
    .addColumn("discussion_thread_id", "bigint")
    .addColumn("created_by", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("published_at", "timestamptz")
    .addColumn("deleted_at", "timestamptz")
    .addColumn("hidden_at", "timestamptz")
    .addColumn("hidden_by", "bigint", (c) => c.references("users.id"))
    .addColumn("hidden_reason", "text")
    .addColumn("outdated_note", "text")
    .execute();
  // The moderation capability reads every target's author as `author_id`.
  await sql`ALTER TABLE cases ADD COLUMN author_id bigint GENERATED ALWAYS AS (created_by) STORED`.execute(db);
  await sql`CREATE INDEX cases_listing_idx ON cases (last_updated DESC, id DESC) WHERE state = 'published' AND deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX cases_org_idx ON cases (org_id)`.execute(db);
  await sql`CREATE INDEX cases_review_idx ON cases (review_by) WHERE state = 'published' AND deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX cases_techniques_idx ON cases USING gin (techniques)`.execute(db);
  await sql`CREATE INDEX cases_source_thread_idx ON cases (source_thread_id) WHERE source_thread_id IS NOT NULL`.execute(db);

  await db.schema
    .createTable("case_partners")
    .addColumn("case_id", "bigint", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("org_id", "bigint", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("case_partners_pk", ["case_id", "org_id"])
    .execute();
  await db.schema.createIndex("case_partners_org_idx").on("case_partners").column("org_id").execute();

  await db.schema
    .createTable("case_figures")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("case_id", "bigint", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("value", "numeric", (c) => c.notNull())
    .addColumn("unit", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await db.schema.createIndex("case_figures_case_idx").on("case_figures").columns(["case_id", "position"]).execute();

  await db.schema
    .createTable("case_links")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("case_id", "bigint", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("url", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("case_links_case_idx").on("case_links").columns(["case_id", "position"]).execute();

  // Tags are the forum's tags. The forum's migrations sort before this one, so the foreign key
  // is added whenever its table exists (and the join still works without it).
  await db.schema
    .createTable("case_tags")
    .addColumn("case_id", "bigint", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("tag_id", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("case_tags_pk", ["case_id", "tag_id"])
    .execute();
  await db.schema.createIndex("case_tags_tag_idx").on("case_tags").column("tag_id").execute();
  await sql`DO $$ BEGIN
    IF to_regclass('public.tags') IS NOT NULL THEN
      ALTER TABLE case_tags ADD CONSTRAINT case_tags_tag_fk FOREIGN KEY (tag_id) REFERENCES tags(id) ON DELETE CASCADE;
    END IF;
    IF to_regclass('public.threads') IS NOT NULL THEN
      ALTER TABLE cases ADD CONSTRAINT cases_source_thread_fk FOREIGN KEY (source_thread_id) REFERENCES threads(id) ON DELETE SET NULL;
      ALTER TABLE cases ADD CONSTRAINT cases_discussion_thread_fk FOREIGN KEY (discussion_thread_id) REFERENCES threads(id) ON DELETE SET NULL;
    END IF;
  END $$`.execute(db);

  await db.schema
    .createTable("case_revisions")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("case_id", "bigint", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("editor_id", "bigint", (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("snapshot", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("case_revisions_case_idx").on("case_revisions").columns(["case_id", "id"]).execute();

  await db.schema
    .createTable("adoptions")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("case_id", "bigint", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("org_id", "bigint", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status IN ('adopted','trying')`))
    .addColumn("adopted_on", "date", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("derived_case_id", "bigint", (c) => c.references("cases.id").onDelete("set null"))
    .addColumn("created_by", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("adoptions_case_org_uq", ["case_id", "org_id"])
    .execute();
  await db.schema.createIndex("adoptions_org_idx").on("adoptions").column("org_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["adoptions", "case_revisions", "case_tags", "case_links", "case_figures", "case_partners", "cases"]) {
    await db.schema.dropTable(t).execute();
  }
}
