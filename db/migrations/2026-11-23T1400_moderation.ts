import { sql, type Kysely } from "kysely";

// Moderation and curation: flags, best-practice marks (history kept), moderator edits,
// redaction records, notices to authors and gallring (disposal) records. Targets are
// polymorphic (thread | post | case), so there are no foreign keys to content tables: a
// gallring may remove the content while these records, like the audit log, stay.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("flags")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("target_type", "text", (c) => c.notNull().check(sql`target_type IN ('thread','post','case')`))
    .addColumn("target_id", "bigint", (c) => c.notNull())
    .addColumn("reporter_id", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("reason", "text", (c) =>
      c.notNull().check(sql`reason IN ('off_topic','inappropriate','personal_data','spam','other')`),
    )
    .addColumn("text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open").check(sql`status IN ('open','dismissed','actioned')`))
    .addColumn("handled_by", "bigint", (c) => c.references("users.id"))
    .addColumn("handled_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("flags_one_per_person", ["target_type", "target_id", "reporter_id"])
    .execute();
  await sql`CREATE INDEX flags_open_idx ON flags (target_type, target_id) WHERE status = 'open'`.execute(db);

  await db.schema
    .createTable("best_practice_marks")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("target_type", "text", (c) => c.notNull().check(sql`target_type IN ('thread','case')`))
    .addColumn("target_id", "bigint", (c) => c.notNull())
    .addColumn("curator_id", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("marked_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("unmarked_at", "timestamptz")
    .addColumn("unmarked_by", "bigint", (c) => c.references("users.id"))
    .execute();
  // At most one current mark per item; unmarked rows are the history.
  await sql`CREATE UNIQUE INDEX best_practice_current_idx ON best_practice_marks (target_type, target_id) WHERE unmarked_at IS NULL`.execute(db);
  await sql`CREATE INDEX best_practice_recent_idx ON best_practice_marks (marked_at DESC) WHERE unmarked_at IS NULL`.execute(db);

  await db.schema
    .createTable("moderator_edits")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("target_type", "text", (c) => c.notNull().check(sql`target_type IN ('thread','post','case')`))
    .addColumn("target_id", "bigint", (c) => c.notNull())
    .addColumn("field", "text", (c) => c.notNull())
    .addColumn("old_text", "text", (c) => c.notNull())
    .addColumn("new_text", "text", (c) => c.notNull())
    .addColumn("editor_id", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("moderator_edits_target_idx").on("moderator_edits").columns(["target_type", "target_id"]).execute();

  await db.schema
    .createTable("redactions")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("target_type", "text", (c) => c.notNull().check(sql`target_type IN ('thread','post','case')`))
    .addColumn("target_id", "bigint", (c) => c.notNull())
    .addColumn("redactor_id", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("fields", sql`text[]`, (c) => c.notNull())
    .addColumn("revisions_touched", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("moderation_notices")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("target_type", "text", (c) => c.notNull())
    .addColumn("target_id", "bigint", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('hidden','restored','edited','redacted','locked')`))
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("review_requested_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("moderation_notices_user_idx").on("moderation_notices").columns(["user_id", "id"]).execute();

  await db.schema
    .createTable("disposals")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("target_type", "text", (c) => c.notNull().check(sql`target_type IN ('thread','post','case')`))
    .addColumn("target_id", "bigint", (c) => c.notNull())
    .addColumn("org_id", "bigint", (c) => c.references("organisations.id"))
    .addColumn("decision_ref", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("disposed_by", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("disposed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["disposals", "moderation_notices", "redactions", "moderator_edits", "best_practice_marks", "flags"]) {
    await db.schema.dropTable(t).execute();
  }
}
