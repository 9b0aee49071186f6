import { sql, type Kysely } from "kysely";

// Read state per person (issue 16, item 5): for each thread a person opened, the highest reply
// number they were shown and when, so lists can say "3 nya svar"; and per person when they last
// looked at the thread list, so lists can say "Ny" for threads started since their previous visit.
// Lists join thread_reads on (thread_id, user_id) — the primary key — and count a thread's readers
// by its leading column. Nothing here is shown on the thread page, so no page_rev trigger.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("thread_reads")
    .addColumn("thread_id", "bigint", (c) => c.notNull().references("threads.id").onDelete("cascade"))
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("last_read_number", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_read_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("thread_reads_pk", ["thread_id", "user_id"])
    .execute();
  // A person's own rows (erasure, their data export).
  await sql`CREATE INDEX thread_reads_user_idx ON thread_reads (user_id)`.execute(db);
  await db.schema
    .createTable("forum_visits")
    .addColumn("user_id", "bigint", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("seen_at", "timestamptz", (c) => c.notNull())
    .addColumn("previous_seen_at", "timestamptz")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("forum_visits").execute();
  await db.schema.dropTable("thread_reads").execute();
}
