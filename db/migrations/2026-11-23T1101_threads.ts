import { sql, type Kysely } from "kysely";

// Threads (questions and discussions) and their numbered replies. Visibility uses the shared
// three columns (org_id, visibility, shared_org_ids). Nothing is ever hard-deleted: deleted_at
// and hidden_at keep the text for moderators and public-records requests.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("threads")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('question','discussion')`))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("body_md", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("renderer_version", "integer", (c) => c.notNull())
    .addColumn("org_id", "bigint", (c) => c.notNull().references("organisations.id"))
    .addColumn("visibility", "text", (c) => c.notNull().check(sql`visibility IN ('organisation','network','public')`))
    .addColumn("shared_org_ids", sql`bigint[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("author_id", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("accepted_post_id", "bigint")
    .addColumn("reply_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_activity_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("deleted_at", "timestamptz")
    .addColumn("deleted_by", "bigint", (c) => c.references("users.id"))
    .addColumn("hidden_at", "timestamptz")
    .addColumn("hidden_by", "bigint", (c) => c.references("users.id"))
    .addColumn("hidden_reason", "text")
    .addColumn("locked_at", "timestamptz")
    .addColumn("pinned_at", "timestamptz")
    .addColumn("pinned_scope", "text")
    .addColumn("outdated_note", "text")
    .execute();
  // Keyset pagination by latest activity, for the whole list and per organisation.
  await sql`CREATE INDEX threads_activity_idx ON threads (last_activity_at DESC, id DESC) WHERE deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX threads_org_activity_idx ON threads (org_id, last_activity_at DESC, id DESC) WHERE deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX threads_unsolved_idx ON threads (last_activity_at DESC, id DESC) WHERE deleted_at IS NULL AND kind = 'question' AND accepted_post_id IS NULL`.execute(db);
  await sql`CREATE INDEX threads_shared_idx ON threads USING gin (shared_org_ids)`.execute(db);
  await db.schema.createIndex("threads_author_idx").on("threads").columns(["author_id", "created_at"]).execute();

  await db.schema
    .createTable("thread_tags")
    .addColumn("thread_id", "bigint", (c) => c.notNull().references("threads.id").onDelete("cascade"))
    .addColumn("tag_id", "bigint", (c) => c.notNull().references("tags.id"))
    .addPrimaryKeyConstraint("thread_tags_pk", ["thread_id", "tag_id"])
    .execute();
  await db.schema.createIndex("thread_tags_tag_idx").on("thread_tags").columns(["tag_id", "thread_id"]).execute();

  await db.schema
    .createTable("posts")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("thread_id", "bigint", (c) => c.notNull().references("threads.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("author_id", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("body_md", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("renderer_version", "integer", (c) => c.notNull())
    .addColumn("votes", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("deleted_at", "timestamptz")
    .addColumn("deleted_by", "bigint", (c) => c.references("users.id"))
    .addColumn("hidden_at", "timestamptz")
    .addColumn("hidden_by", "bigint", (c) => c.references("users.id"))
    .addColumn("hidden_reason", "text")
    .addUniqueConstraint("posts_thread_number_uq", ["thread_id", "number"])
    .execute();
  await db.schema.createIndex("posts_author_idx").on("posts").columns(["author_id", "created_at"]).execute();
  await sql`ALTER TABLE threads ADD CONSTRAINT threads_accepted_post_fk FOREIGN KEY (accepted_post_id) REFERENCES posts(id)`.execute(db);

  // Every edit of a thread's opening text (post_id NULL) or of a reply keeps the old and new text.
  await db.schema
    .createTable("post_revisions")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("thread_id", "bigint", (c) => c.notNull().references("threads.id").onDelete("cascade"))
    .addColumn("post_id", "bigint", (c) => c.references("posts.id").onDelete("cascade"))
    .addColumn("editor_id", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("old_title", "text")
    .addColumn("new_title", "text")
    .addColumn("old_body_md", "text", (c) => c.notNull())
    .addColumn("new_body_md", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("post_revisions_target_idx").on("post_revisions").columns(["thread_id", "post_id", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("post_revisions").execute();
  await sql`ALTER TABLE threads DROP CONSTRAINT threads_accepted_post_fk`.execute(db);
  await db.schema.dropTable("posts").execute();
  await db.schema.dropTable("thread_tags").execute();
  await db.schema.dropTable("threads").execute();
}
