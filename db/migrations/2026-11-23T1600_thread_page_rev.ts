import { sql, type Kysely } from "kysely";

// A thread's page revision: a counter that moves whenever anything shown on its page changes
// (the thread row, its replies, revisions, votes, tags, followers, watchers, or a case promoted
// from it). The page cache (app/lib/page-cache.server.ts) keys rendered pages on it, so a cached
// page can never outlive a change to what it shows. Statement-level triggers with transition
// tables, so a bulk load of a million replies bumps each thread once, not once per row.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE threads ADD COLUMN page_rev bigint NOT NULL DEFAULT 0`.execute(db);

  // Any update of the thread row itself.
  await sql`
    CREATE FUNCTION thread_page_rev_self() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.page_rev := OLD.page_rev + 1;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER threads_page_rev BEFORE UPDATE ON threads FOR EACH ROW EXECUTE FUNCTION thread_page_rev_self()`.execute(db);

  // Tables with a thread_id column: bump every thread the statement touched.
  await sql`
    CREATE FUNCTION thread_page_rev_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        UPDATE threads SET page_rev = page_rev + 1 WHERE id IN (SELECT DISTINCT thread_id FROM old_rows);
      ELSE
        UPDATE threads SET page_rev = page_rev + 1 WHERE id IN (SELECT DISTINCT thread_id FROM new_rows);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  for (const table of ["posts", "post_revisions", "thread_tags", "question_followers", "thread_watchers"]) {
    await sql.raw(`CREATE TRIGGER ${table}_page_rev_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_page_rev_bump()`).execute(db);
    await sql.raw(`CREATE TRIGGER ${table}_page_rev_upd AFTER UPDATE ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_page_rev_bump()`).execute(db);
    await sql.raw(`CREATE TRIGGER ${table}_page_rev_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_page_rev_bump()`).execute(db);
  }

  // Votes point at a post.
  await sql`
    CREATE FUNCTION thread_page_rev_votes() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        UPDATE threads SET page_rev = page_rev + 1 WHERE id IN (SELECT DISTINCT p.thread_id FROM posts p JOIN old_rows o ON o.post_id = p.id);
      ELSE
        UPDATE threads SET page_rev = page_rev + 1 WHERE id IN (SELECT DISTINCT p.thread_id FROM posts p JOIN new_rows n ON n.post_id = p.id);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER votes_page_rev_ins AFTER INSERT ON votes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_page_rev_votes()`.execute(db);
  await sql`CREATE TRIGGER votes_page_rev_del AFTER DELETE ON votes REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_page_rev_votes()`.execute(db);

  // A tag's names show on every thread that has it.
  await sql`
    CREATE FUNCTION thread_page_rev_tags() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE threads SET page_rev = page_rev + 1
      WHERE id IN (SELECT tt.thread_id FROM thread_tags tt JOIN new_rows n ON n.id = tt.tag_id);
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER tags_page_rev AFTER UPDATE ON tags REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_page_rev_tags()`.execute(db);

  // A question promoted to a case links to it (title and visibility of the case matter).
  await sql`
    CREATE FUNCTION thread_page_rev_cases() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        UPDATE threads SET page_rev = page_rev + 1 WHERE id IN (SELECT DISTINCT source_thread_id FROM old_rows WHERE source_thread_id IS NOT NULL);
      ELSE
        UPDATE threads SET page_rev = page_rev + 1 WHERE id IN (SELECT DISTINCT source_thread_id FROM new_rows WHERE source_thread_id IS NOT NULL);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER cases_page_rev_ins AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_page_rev_cases()`.execute(db);
  await sql`CREATE TRIGGER cases_page_rev_upd AFTER UPDATE ON cases REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_page_rev_cases()`.execute(db);
  await sql`CREATE TRIGGER cases_page_rev_del AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION thread_page_rev_cases()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["posts", "post_revisions", "thread_tags", "question_followers", "thread_watchers"]) {
    for (const op of ["ins", "upd", "del"]) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_page_rev_${op} ON ${table}`).execute(db);
  }
  for (const op of ["ins", "upd", "del"]) await sql.raw(`DROP TRIGGER IF EXISTS cases_page_rev_${op} ON cases`).execute(db);
  await sql`DROP TRIGGER IF EXISTS votes_page_rev_ins ON votes`.execute(db);
  await sql`DROP TRIGGER IF EXISTS votes_page_rev_del ON votes`.execute(db);
  await sql`DROP TRIGGER IF EXISTS tags_page_rev ON tags`.execute(db);
  await sql`DROP TRIGGER IF EXISTS threads_page_rev ON threads`.execute(db);
  await sql`DROP FUNCTION IF EXISTS thread_page_rev_self, thread_page_rev_bump, thread_page_rev_votes, thread_page_rev_tags, thread_page_rev_cases`.execute(db);
  await sql`ALTER TABLE threads DROP COLUMN page_rev`.execute(db);
}
