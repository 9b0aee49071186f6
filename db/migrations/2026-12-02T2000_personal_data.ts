import { sql, type Kysely } from "kysely";

// Personal data and archive exports (issue 14). An export is a zip built by a background job and
// kept in PostgreSQL (app servers are stateless) as ordered chunks of at most a few hundred KiB,
// so neither the job nor a download ever holds a whole zip in memory. `kind` is 'personal' (a
// person's own data, GDPR Art. 15/20, one single-use download link valid 7 days, stored hashed)
// or 'archive' (the e-archive hand-over, network admins). At most one personal export per person
// is queued or running at a time (and one archive export in all): a unique partial index makes a
// second request fail even when two arrive at once. Erasure requests: a person asks, a network admin acts; users.erased_at marks
// an anonymised person for good (there is no way back).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("data_exports")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind IN ('personal','archive')`))
    .addColumn("user_id", "bigint", (c) => c.references("users.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("queued").check(sql`status IN ('queued','running','done','failed')`))
    .addColumn("progress", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("total", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("step", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("token_hash", "text", (c) => c.unique())
    .addColumn("bytes", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("sha256", "text")
    .addColumn("error", "text")
    .addColumn("scheduled", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("started_at", "timestamptz")
    .addColumn("finished_at", "timestamptz")
    .addColumn("expires_at", "timestamptz")
    .addColumn("downloaded_at", "timestamptz")
    .execute();
  await sql`CREATE UNIQUE INDEX data_exports_one_running ON data_exports (kind, (CASE WHEN kind = 'archive' THEN 0 ELSE user_id END)) WHERE status IN ('queued','running')`.execute(db);
  await sql`CREATE INDEX data_exports_user_idx ON data_exports (user_id, created_at DESC)`.execute(db);
  await db.schema
    .createTable("data_export_chunks")
    .addColumn("export_id", "bigint", (c) => c.notNull().references("data_exports.id").onDelete("cascade"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("bytes", "bytea", (c) => c.notNull())
    .addPrimaryKeyConstraint("data_export_chunks_pk", ["export_id", "seq"])
    .execute();
  await db.schema
    .createTable("erasure_requests")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending").check(sql`status IN ('pending','done','withdrawn')`))
    .addColumn("requested_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("handled_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("handled_at", "timestamptz")
    .execute();
  await sql`CREATE UNIQUE INDEX erasure_requests_one_pending ON erasure_requests (user_id) WHERE status = 'pending'`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN erased_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users DROP COLUMN IF EXISTS erased_at`.execute(db);
  for (const t of ["erasure_requests", "data_export_chunks", "data_exports"]) await db.schema.dropTable(t).ifExists().execute();
}
