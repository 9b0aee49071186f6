import { sql, type Kysely } from "kysely";

// Watching levels (Discourse's): watching (every new post), tracking (counts and status only),
// normal (only when addressed), muted (nothing). One row per person and target (a thread, tag,
// case or organisation); no row means the default for that target. `first_post_only` narrows a
// watched tag or organisation to new threads and cases. Existing thread watchers become
// "watching" rows; thread_watchers stays for now (expand first, contract later) but is no longer
// written.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("watches")
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("target_type", "text", (c) => c.notNull().check(sql`target_type IN ('thread','tag','case','org')`))
    .addColumn("target_id", "bigint", (c) => c.notNull())
    .addColumn("level", "text", (c) => c.notNull().check(sql`level IN ('watching','tracking','normal','muted')`))
    .addColumn("first_post_only", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("watches_pk", ["user_id", "target_type", "target_id"])
    .execute();
  // Fan-out: everyone at a level on one target.
  await sql`CREATE INDEX watches_target_idx ON watches (target_type, target_id, level)`.execute(db);
  await sql`INSERT INTO watches (user_id, target_type, target_id, level, created_at)
            SELECT user_id, 'thread', thread_id, 'watching', created_at FROM thread_watchers
            ON CONFLICT DO NOTHING`.execute(db);

  // The thread page shows the viewer's level, and the page cache keys on page_rev.
  await sql`
    CREATE FUNCTION watches_page_rev() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        UPDATE threads SET page_rev = page_rev + 1 WHERE id IN (SELECT DISTINCT target_id FROM old_rows WHERE target_type = 'thread');
      ELSE
        UPDATE threads SET page_rev = page_rev + 1 WHERE id IN (SELECT DISTINCT target_id FROM new_rows WHERE target_type = 'thread');
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER watches_page_rev_ins AFTER INSERT ON watches REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION watches_page_rev()`.execute(db);
  await sql`CREATE TRIGGER watches_page_rev_upd AFTER UPDATE ON watches REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION watches_page_rev()`.execute(db);
  await sql`CREATE TRIGGER watches_page_rev_del AFTER DELETE ON watches REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION watches_page_rev()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("watches").execute();
  await sql`DROP FUNCTION IF EXISTS watches_page_rev()`.execute(db);
}
