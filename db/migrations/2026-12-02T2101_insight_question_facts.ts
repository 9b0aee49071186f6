import { sql, type Kysely } from "kysely";

// Materialised per-question facts for /insights (issue 15): when a question got its first live
// answer (a reply by someone other than the asker), when its accepted answer came, and how many
// live answers it has, how many from outside the asking organisation — next to a narrow copy of the
// thread columns the read rule looks at (same names, so readable.ts's helpers apply to this view
// as to threads). One small row per question: the dashboard never scans posts or the wide
// threads table; titles are still read from threads, under the live rule. Refreshed by the job
// queue (insights_refresh, every ten minutes) with REFRESH … CONCURRENTLY.
// Also: partial indexes so "hidden right now" counts do not scan a million posts.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE MATERIALIZED VIEW insight_question_facts AS
    SELECT t.id AS thread_id, t.id, t.kind, t.org_id, t.visibility, t.shared_org_ids, t.author_id, t.created_at,
           t.hidden_at, t.deleted_at, t.accepted_post_id,
           a.first_answer_at, a.answers, a.cross_answers,
           (SELECT ap.created_at FROM posts ap WHERE ap.id = t.accepted_post_id AND ap.hidden_at IS NULL AND ap.deleted_at IS NULL) AS accepted_at
    FROM threads t
    LEFT JOIN LATERAL (
      SELECT min(p.created_at) AS first_answer_at, count(*)::int AS answers,
             (count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = p.author_id AND m.org_id = t.org_id)))::int AS cross_answers
      FROM posts p
      WHERE p.thread_id = t.id AND p.author_id <> t.author_id AND p.hidden_at IS NULL AND p.deleted_at IS NULL
    ) a ON true
    WHERE t.kind = 'question'`.execute(db);
  await sql`CREATE UNIQUE INDEX insight_question_facts_pk ON insight_question_facts (thread_id)`.execute(db);
  await sql`CREATE INDEX posts_hidden_idx ON posts (thread_id) WHERE hidden_at IS NOT NULL AND deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX threads_hidden_idx ON threads (org_id) WHERE hidden_at IS NOT NULL AND deleted_at IS NULL`.execute(db);
  await sql`CREATE INDEX threads_question_created_idx ON threads (created_at) WHERE kind = 'question'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS threads_question_created_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS threads_hidden_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS posts_hidden_idx`.execute(db);
  await sql`DROP MATERIALIZED VIEW IF EXISTS insight_question_facts`.execute(db);
}
