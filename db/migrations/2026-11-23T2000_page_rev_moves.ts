import { sql, type Kysely } from "kysely";

// An update can move a row from one thread to another (a reply moved, a case's source thread
// changed): both threads' pages change. The UPDATE triggers of 2026-11-23T1600 bumped only the
// new thread; these bump the old one too.
const THREAD_TABLES = ["posts", "post_revisions", "thread_tags", "question_followers", "thread_watchers"];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION thread_page_rev_bump_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE threads SET page_rev = page_rev + 1
      WHERE id IN (SELECT thread_id FROM new_rows UNION SELECT thread_id FROM old_rows);
      RETURN NULL;
    END $$`.execute(db);
  for (const table of THREAD_TABLES) {
    await sql.raw(`DROP TRIGGER IF EXISTS ${table}_page_rev_upd ON ${table}`).execute(db);
    await sql.raw(`CREATE TRIGGER ${table}_page_rev_upd AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_page_rev_bump_moved()`).execute(db);
  }
  await sql`
    CREATE FUNCTION thread_page_rev_cases_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE threads SET page_rev = page_rev + 1
      WHERE id IN (SELECT source_thread_id FROM new_rows WHERE source_thread_id IS NOT NULL
                   UNION SELECT source_thread_id FROM old_rows WHERE source_thread_id IS NOT NULL);
      RETURN NULL;
    END $$`.execute(db);
  await sql`DROP TRIGGER IF EXISTS cases_page_rev_upd ON cases`.execute(db);
  await sql`CREATE TRIGGER cases_page_rev_upd AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_page_rev_cases_moved()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of THREAD_TABLES) {
    await sql.raw(`DROP TRIGGER IF EXISTS ${table}_page_rev_upd ON ${table}`).execute(db);
    await sql.raw(`CREATE TRIGGER ${table}_page_rev_upd AFTER UPDATE ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_page_rev_bump()`).execute(db);
  }
  await sql`DROP TRIGGER IF EXISTS cases_page_rev_upd ON cases`.execute(db);
  await sql`CREATE TRIGGER cases_page_rev_upd AFTER UPDATE ON cases REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_page_rev_cases()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS thread_page_rev_bump_moved, thread_page_rev_cases_moved`.execute(db);
}
