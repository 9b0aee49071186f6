import { sql, type Kysely } from "kysely";

// /insights under 300 ms on the bench data (issue 15; docs/decisions/2026-12-03-insights-speed.md).
// 1. insight_question_facts gets what every question figure computed per row on each request:
//    the question's month in Stockholm (`month`, 'YYYY-MM'; a period is whole Stockholm months, so
//    `month BETWEEN from AND to` is exactly the created_at range), the hours to the first and to
//    the accepted answer, and the areas of its tags (`areas`, distinct; a question with tags in two
//    areas counts in both), so the area figures no longer join 200,000 thread tags.
// 2. insight_search_months: the search log summed per normalised query and Stockholm month (count,
//    most hits, sum of hits, followed by a question), so the search panels group a few thousand
//    rows, not every search. Average hits = sum / count, exactly as avg() over the rows.
// 3. insight_question_cells: the live questions of insight_question_facts summed per cell of
//    everything a question figure filters or groups by and everything the read rule looks at
//    for a live question (month, organisation, visibility, shared_org_ids, tag areas; the thread
//    id only for a case discussion, whose rule also reads its case) and the exact answer times,
//    with counts. Medians come out exact (weighted over the cells), and the dashboard reads
//    hundreds of cells, not every question. hidden_at/deleted_at/author_id are there as NULL so
//    countedThreads applies to a cell as to a thread: a cell holds only live questions.
// All three are refreshed by the insights_refresh job, in that order (the cells are computed from
// the facts); the facts and the search months CONCURRENTLY, the cells (no unique key: NULL times)
// plainly, which takes well under a second.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP MATERIALIZED VIEW IF EXISTS insight_question_facts`.execute(db);
  await sql`
    CREATE MATERIALIZED VIEW insight_question_facts AS
    SELECT t.id AS thread_id, t.id, t.kind, t.org_id, t.visibility, t.shared_org_ids, t.author_id, t.created_at,
           t.hidden_at, t.deleted_at, t.accepted_post_id,
           a.first_answer_at, a.answers, a.cross_answers, acc.accepted_at,
           to_char(t.created_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') AS month,
           extract(epoch FROM a.first_answer_at - t.created_at)::float8 / 3600 AS first_h,
           extract(epoch FROM acc.accepted_at - t.created_at)::float8 / 3600 AS accepted_h,
           ARRAY(SELECT DISTINCT tg.area FROM thread_tags tt JOIN tags tg ON tg.id = tt.tag_id WHERE tt.thread_id = t.id ORDER BY tg.area) AS areas
    FROM threads t
    LEFT JOIN LATERAL (
      SELECT min(p.created_at) AS first_answer_at, count(*)::int AS answers,
             (count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = p.author_id AND m.org_id = t.org_id)))::int AS cross_answers
      FROM posts p
      WHERE p.thread_id = t.id AND p.author_id <> t.author_id AND p.hidden_at IS NULL AND p.deleted_at IS NULL
    ) a ON true
    LEFT JOIN LATERAL (
      SELECT ap.created_at AS accepted_at FROM posts ap WHERE ap.id = t.accepted_post_id AND ap.hidden_at IS NULL AND ap.deleted_at IS NULL
    ) acc ON true
    WHERE t.kind = 'question'`.execute(db);
  await sql`CREATE UNIQUE INDEX insight_question_facts_pk ON insight_question_facts (thread_id)`.execute(db);
  await sql`
    CREATE MATERIALIZED VIEW insight_search_months AS
    SELECT l.query, to_char(l.searched_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') AS month,
           count(*)::int AS n, max(l.hits)::int AS max_hits, sum(l.hits)::bigint AS sum_hits,
           (count(*) FILTER (WHERE l.asked))::int AS asked
    FROM search_log l
    GROUP BY 1, 2`.execute(db);
  await sql`CREATE UNIQUE INDEX insight_search_months_pk ON insight_search_months (month, query)`.execute(db);
  await sql`
    CREATE MATERIALIZED VIEW insight_question_cells AS
    SELECT f.month, f.org_id, f.visibility, f.shared_org_ids, f.areas,
           CASE WHEN EXISTS (SELECT 1 FROM cases dc WHERE dc.discussion_thread_id = f.id) THEN f.id END AS id,
           NULL::timestamptz AS hidden_at, NULL::timestamptz AS deleted_at, NULL::bigint AS author_id,
           f.first_h, f.accepted_h,
           count(*)::int AS n, (count(*) FILTER (WHERE f.accepted_at IS NOT NULL))::int AS solved,
           coalesce(sum(f.answers), 0)::int AS answers, coalesce(sum(f.cross_answers), 0)::int AS cross_answers
    FROM insight_question_facts f
    WHERE f.hidden_at IS NULL AND f.deleted_at IS NULL
    GROUP BY 1, 2, 3, 4, 5, 6, f.first_h, f.accepted_h`.execute(db);
  await sql`CREATE INDEX insight_question_cells_month ON insight_question_cells (month)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP MATERIALIZED VIEW IF EXISTS insight_question_cells`.execute(db);
  await sql`DROP MATERIALIZED VIEW IF EXISTS insight_search_months`.execute(db);
  await sql`DROP MATERIALIZED VIEW IF EXISTS insight_question_facts`.execute(db);
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
}
