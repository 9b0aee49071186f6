import { sql, type Kysely } from "kysely";

// Notifications grow from the forum's "question solved" rows into the community loop's inbox:
// each row names the event it came from, its target (thread, post or case, re-checked against
// the reader's rights every time it is shown) and a dedupe key, unique per person, so a
// subscriber that runs twice (a retried job) never notifies twice. Batched kinds (helpful votes)
// reuse one row per post through the same key.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("notifications")
    .addColumn("event_id", "bigint")
    .addColumn("case_id", "bigint", (c) => c.references("cases.id").onDelete("cascade"))
    .addColumn("dedupe_key", "text")
    .addColumn("count", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE UNIQUE INDEX notifications_dedupe_idx ON notifications (user_id, dedupe_key)`.execute(db);
  // The bell: a person's unread rows, newest first.
  await sql`CREATE INDEX notifications_unread_idx ON notifications (user_id, id DESC) WHERE read_at IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS notifications_unread_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS notifications_dedupe_idx`.execute(db);
  await db.schema
    .alterTable("notifications")
    .dropColumn("event_id").dropColumn("case_id").dropColumn("dedupe_key").dropColumn("count").dropColumn("updated_at")
    .execute();
}
