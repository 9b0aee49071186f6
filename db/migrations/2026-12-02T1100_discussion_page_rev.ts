import { sql, type Kysely } from "kysely";

// A case's discussion thread follows the case's state (the complete read rule): hiding, deleting
// or re-sharing the case changes who may read the thread page, so the thread's page_rev (the page
// cache key) must move with it. 2026-11-23T1600/T2000 bumped only the case's source thread.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION thread_page_rev_cases() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        UPDATE threads SET page_rev = page_rev + 1 WHERE id IN (
          SELECT source_thread_id FROM old_rows WHERE source_thread_id IS NOT NULL
          UNION SELECT discussion_thread_id FROM old_rows WHERE discussion_thread_id IS NOT NULL);
      ELSE
        UPDATE threads SET page_rev = page_rev + 1 WHERE id IN (
          SELECT source_thread_id FROM new_rows WHERE source_thread_id IS NOT NULL
          UNION SELECT discussion_thread_id FROM new_rows WHERE discussion_thread_id IS NOT NULL);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION thread_page_rev_cases_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE threads SET page_rev = page_rev + 1
      WHERE id IN (SELECT source_thread_id FROM new_rows WHERE source_thread_id IS NOT NULL
                   UNION SELECT source_thread_id FROM old_rows WHERE source_thread_id IS NOT NULL
                   UNION SELECT discussion_thread_id FROM new_rows WHERE discussion_thread_id IS NOT NULL
                   UNION SELECT discussion_thread_id FROM old_rows WHERE discussion_thread_id IS NOT NULL);
      RETURN NULL;
    END $$`.execute(db);
  // The read rule asks "is this thread some case's discussion?" for every thread it reads.
  await sql`CREATE INDEX IF NOT EXISTS cases_discussion_thread_idx ON cases (discussion_thread_id) WHERE discussion_thread_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS cases_discussion_thread_idx`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION thread_page_rev_cases() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        UPDATE threads SET page_rev = page_rev + 1 WHERE id IN (SELECT DISTINCT source_thread_id FROM old_rows WHERE source_thread_id IS NOT NULL);
      ELSE
        UPDATE threads SET page_rev = page_rev + 1 WHERE id IN (SELECT DISTINCT source_thread_id FROM new_rows WHERE source_thread_id IS NOT NULL);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION thread_page_rev_cases_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE threads SET page_rev = page_rev + 1
      WHERE id IN (SELECT source_thread_id FROM new_rows WHERE source_thread_id IS NOT NULL
                   UNION SELECT source_thread_id FROM old_rows WHERE source_thread_id IS NOT NULL);
      RETURN NULL;
    END $$`.execute(db);
}
