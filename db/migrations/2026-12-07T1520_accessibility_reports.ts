import { sql, type Kysely } from "kysely";

// Accessibility defect reports (issue 16, the statement at /tillganglighet): anyone, signed in or
// not, reports a problem; network moderators see the open ones in the moderation pages and mark
// them handled. A signed-in reporter is linked (and unlinked if the account goes); a signed-out
// one may leave a name and an address for the answer. One row per report.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("accessibility_reports")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("reporter_id", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("name", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("email", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("page", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull().defaultTo("sv").check(sql`locale IN ('sv','en')`))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open").check(sql`status IN ('open','handled')`))
    .addColumn("handled_by", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("handled_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE INDEX accessibility_reports_open_idx ON accessibility_reports (created_at) WHERE status = 'open'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("accessibility_reports").execute();
}
