import { sql, type Kysely } from "kysely";

// Routing unanswered questions to people with expertise in their tags: one row per question and
// person it was sent to. The primary key is the "nobody is pinged twice for one question" rule;
// (user_id, routed_at) answers the per-person weekly cap. The question page shows how many it
// was sent to, so a new row bumps the thread's page_rev (the page cache keys on it).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("question_routes")
    .addColumn("thread_id", "bigint", (c) => c.notNull().references("threads.id").onDelete("cascade"))
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("tag_ids", sql`bigint[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("routed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("question_routes_pk", ["thread_id", "user_id"])
    .execute();
  await sql`CREATE INDEX question_routes_user_idx ON question_routes (user_id, routed_at)`.execute(db);
  await sql`CREATE TRIGGER question_routes_page_rev_ins AFTER INSERT ON question_routes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_page_rev_bump()`.execute(db);
  await sql`CREATE TRIGGER question_routes_page_rev_del AFTER DELETE ON question_routes REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_page_rev_bump()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("question_routes").execute();
}
