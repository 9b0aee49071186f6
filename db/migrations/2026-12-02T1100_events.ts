import { sql, type Kysely } from "kysely";

// The domain-event outbox: every write that others may react to (a reply, an accepted answer, a
// published case, an adoption, a moderation decision …) inserts one row here in its own
// transaction and, in the same statement, enqueues a graphile-worker job that dispatches it to
// the subscribers (notifications, mail). The table is also the cursor of the live stream: SSE
// event ids are event ids, so a reconnect resumes from here (Last-Event-ID).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("actor_id", "bigint", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("thread_id", "bigint")
    .addColumn("post_id", "bigint")
    .addColumn("case_id", "bigint")
    .addColumn("org_id", "bigint")
    .addColumn("data", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("dispatched_at", "timestamptz")
    .execute();
  // The live stream asks "what happened in this thread after event N".
  await sql`CREATE INDEX events_thread_idx ON events (thread_id, id) WHERE thread_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX events_pending_idx ON events (id) WHERE dispatched_at IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("events").execute();
}
