import { sql, type Kysely } from "kysely";

// Attachments: files on a thread's opening text, a reply or a case study. The bytes live in a
// content-addressed blob store (sha256 hex): the PostgreSQL store keeps them here in ~256 KB
// chunks (`blobs` + `blob_chunks`), the S3 store keeps them in a bucket. An attachment row is the
// record: who uploaded what, under which name and title, and to which parent it belongs; a row
// without a parent is a pending upload (housekeeping removes it after a grace period). Image
// variants (re-encoded widths for srcset and the thumbnail) are blobs too, listed in `variants`.
// `attachment_revisions` remembers which attachments a parent had before and after each edit, so
// the revision history keeps earlier files. The text columns are filled by the extraction job.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("blobs")
    .addColumn("hash", "text", (c) => c.primaryKey().check(sql`hash ~ '^[0-9a-f]{64}$'`))
    .addColumn("size", "bigint", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("blob_chunks")
    .addColumn("hash", "text", (c) => c.notNull().references("blobs.hash").onDelete("cascade"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("data", "bytea", (c) => c.notNull())
    .addPrimaryKeyConstraint("blob_chunks_pkey", ["hash", "seq"])
    .execute();
  // Chunks are already compressed formats mostly (PDF, Office zips, images): don't TOAST-compress.
  await sql`ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL`.execute(db);

  await db.schema
    .createTable("attachments")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("public_id", "text", (c) => c.notNull().unique())
    .addColumn("blob_hash", "text", (c) => c.notNull())
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("mime", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('document','image')`))
    .addColumn("size", "bigint", (c) => c.notNull())
    .addColumn("uploader_id", "bigint", (c) => c.notNull().references("users.id"))
    .addColumn("parent_type", "text", (c) => c.check(sql`parent_type IN ('thread','post','case')`))
    .addColumn("parent_id", "bigint")
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("attached_at", "timestamptz")
    // Removed from its parent by an edit: still shown in the revision history, not on the page.
    .addColumn("detached_at", "timestamptz")
    .addColumn("hidden_at", "timestamptz")
    .addColumn("hidden_by", "bigint", (c) => c.references("users.id"))
    .addColumn("hidden_reason", "text")
    .addColumn("deleted_at", "timestamptz")
    // Redacted: the bytes are gone for good (blob removed); the row stays as the record.
    .addColumn("redacted_at", "timestamptz")
    .addColumn("width", "integer")
    .addColumn("height", "integer")
    // Images: [{ "w": 480, "hash": "…", "size": 1234, "mime": "image/webp" }, …] (w = "thumb" for the thumbnail).
    .addColumn("variants", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("text_content", "text")
    .addColumn("text_status", "text", (c) =>
      c.notNull().defaultTo("none").check(sql`text_status IN ('none','pending','done','failed')`),
    )
    .addColumn("text_error", "text")
    .addColumn("text_extracted_at", "timestamptz")
    .addCheckConstraint("attachments_parent_ck", sql`(parent_type IS NULL) = (parent_id IS NULL)`)
    .execute();
  await sql`CREATE INDEX attachments_parent_idx ON attachments (parent_type, parent_id, position, id)`.execute(db);
  await sql`CREATE INDEX attachments_uploader_idx ON attachments (uploader_id, created_at)`.execute(db);
  await sql`CREATE INDEX attachments_blob_idx ON attachments (blob_hash)`.execute(db);
  await sql`CREATE INDEX attachments_pending_idx ON attachments (created_at) WHERE parent_type IS NULL`.execute(db);

  await db.schema
    .createTable("attachment_revisions")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("revision_table", "text", (c) => c.notNull().check(sql`revision_table IN ('post_revisions','case_revisions')`))
    .addColumn("revision_id", "bigint", (c) => c.notNull())
    .addColumn("old_ids", sql`bigint[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("new_ids", sql`bigint[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("attachment_revisions_uq", ["revision_table", "revision_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("attachment_revisions").execute();
  await db.schema.dropTable("attachments").execute();
  await db.schema.dropTable("blob_chunks").execute();
  await db.schema.dropTable("blobs").execute();
}
