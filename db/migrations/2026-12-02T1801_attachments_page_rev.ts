import { sql, type Kysely } from "kysely";

// A thread's page shows the files of its opening text and replies: attaching, hiding, deleting
// or redacting one changes the page, so it moves the thread's page revision (the page cache keys
// on it, see 2026-11-23T1600_thread_page_rev).
export async function up(db: Kysely<any>): Promise<void> {
  // Inserts are pending uploads (no parent yet): only updates and deletes change a page.
  await sql`CREATE FUNCTION attachments_page_rev_new() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE threads SET page_rev = page_rev + 1 WHERE id IN (
        SELECT r.parent_id FROM new_rows r WHERE r.parent_type = 'thread'
        UNION SELECT p.thread_id FROM new_rows r JOIN posts p ON p.id = r.parent_id WHERE r.parent_type = 'post');
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE FUNCTION attachments_page_rev_old() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE threads SET page_rev = page_rev + 1 WHERE id IN (
        SELECT r.parent_id FROM old_rows r WHERE r.parent_type = 'thread'
        UNION SELECT p.thread_id FROM old_rows r JOIN posts p ON p.id = r.parent_id WHERE r.parent_type = 'post');
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER attachments_page_rev_upd AFTER UPDATE ON attachments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attachments_page_rev_new()`.execute(db);
  await sql`CREATE TRIGGER attachments_page_rev_del AFTER DELETE ON attachments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION attachments_page_rev_old()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS attachments_page_rev_upd ON attachments`.execute(db);
  await sql`DROP TRIGGER IF EXISTS attachments_page_rev_del ON attachments`.execute(db);
  await sql`DROP FUNCTION IF EXISTS attachments_page_rev_new, attachments_page_rev_old`.execute(db);
}
