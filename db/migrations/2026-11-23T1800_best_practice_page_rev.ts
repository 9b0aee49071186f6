import { sql, type Kysely } from "kysely";

// The thread page now shows a "Gott exempel" mark and its curator's note, so marking and
// unmarking a thread must move its page revision too (see 2026-11-23T1600_thread_page_rev).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION thread_page_rev_best_practice() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        UPDATE threads SET page_rev = page_rev + 1 WHERE id IN (SELECT DISTINCT target_id FROM old_rows WHERE target_type = 'thread');
      ELSE
        UPDATE threads SET page_rev = page_rev + 1 WHERE id IN (SELECT DISTINCT target_id FROM new_rows WHERE target_type = 'thread');
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER best_practice_page_rev_ins AFTER INSERT ON best_practice_marks REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_page_rev_best_practice()`.execute(db);
  await sql`CREATE TRIGGER best_practice_page_rev_upd AFTER UPDATE ON best_practice_marks REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_page_rev_best_practice()`.execute(db);
  await sql`CREATE TRIGGER best_practice_page_rev_del AFTER DELETE ON best_practice_marks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_page_rev_best_practice()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const op of ["ins", "upd", "del"]) await sql.raw(`DROP TRIGGER IF EXISTS best_practice_page_rev_${op} ON best_practice_marks`).execute(db);
  await sql`DROP FUNCTION IF EXISTS thread_page_rev_best_practice`.execute(db);
}
