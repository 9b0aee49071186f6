// Bench seed step for /insights (issue 15): several thousand published cases with areas,
// statuses, evaluations and review dates spread over two years; about 1.5 adoptions per case
// between organisations; a search log and some flags. Generated inside PostgreSQL.
import { sql } from "kysely";
import type { DB } from "../db/client";

const AREAS = ["customer_service", "hr", "purchasing", "internal_admin", "health_social_care", "schools", "urban_planning", "it", "law_ethics", "security"];
const STATUSES = ["idea", "exploring", "pilot", "production", "scaled", "paused", "ended"];
const EVALUATED = ["no", "own_followup", "formal"];

export async function seedInsights(db: DB, o: { cases: number; searches: number; flags: number }) {
  const t0 = Date.now();
  await sql`SET synchronous_commit = off`.execute(db);
  const before = Number((await sql<{ n: string }>`SELECT coalesce(max(id), 0) AS n FROM cases`.execute(db)).rows[0].n);
  console.log(`inserting ${o.cases} cases …`);
  await sql`
    WITH u AS (SELECT array_agg(id ORDER BY id) AS ids FROM users), og AS (SELECT array_agg(id ORDER BY id) AS ids FROM organisations)
    INSERT INTO cases (org_id, visibility, state, title, summary, problem, area, status, evaluated, review_by, created_by, created_at, published_at, status_since)
    SELECT og.ids[1 + g % array_length(og.ids, 1)],
           CASE WHEN g % 10 < 2 THEN 'organisation' WHEN g % 10 < 5 THEN 'public' ELSE 'network' END, 'published',
           'Benchmark-fallstudie ' || g, 'Sammanfattning', 'Problem',
           (${AREAS}::text[])[1 + g % 10], (${STATUSES}::text[])[1 + (g * 3) % 7], (${EVALUATED}::text[])[1 + (g * 7) % 3],
           current_date + ((g % 500) - 250), u.ids[1 + g % array_length(u.ids, 1)],
           now() - ((g % 730) || ' days')::interval, now() - ((g % 730) || ' days')::interval, now() - ((g % 730) / 2 || ' days')::interval
    FROM generate_series(1, ${o.cases}) g, u, og`.execute(db);
  console.log(`  ${((Date.now() - t0) / 1000).toFixed(1)} s; adoptions …`);
  await sql`
    WITH og AS (SELECT array_agg(id ORDER BY id) AS ids FROM organisations), u AS (SELECT min(id) AS id FROM users),
    c AS (SELECT id, org_id, row_number() OVER (ORDER BY id) AS k FROM cases WHERE id > ${before})
    INSERT INTO adoptions (case_id, org_id, status, adopted_on, derived_case_id, created_by, created_at)
    SELECT c.id, og.ids[1 + ((c.k * 7 + j * 5) % array_length(og.ids, 1))], CASE WHEN (c.k + j) % 2 = 0 THEN 'adopted' ELSE 'trying' END,
           current_date - ((c.k + j) % 600)::int, CASE WHEN j = 1 AND c.k % 4 = 0 THEN c.id - 1 END, u.id, now() - (((c.k + j) % 600) || ' days')::interval
    FROM c, og, u, generate_series(1, 3) j
    WHERE (c.k + j) % 2 = 0 AND og.ids[1 + ((c.k * 7 + j * 5) % array_length(og.ids, 1))] <> c.org_id AND (j <> 1 OR c.k % 4 <> 0 OR c.id - 1 > ${before})
    ON CONFLICT DO NOTHING`.execute(db);
  console.log(`  ${((Date.now() - t0) / 1000).toFixed(1)} s; ${o.searches} searches and ${o.flags} flags …`);
  await sql`
    INSERT INTO search_log (query, hits, searched_at, asked)
    SELECT 'fråga ' || (g % 2000), (g * 13) % 40, date_trunc('hour', now() - ((g % 300) || ' days')::interval), g % 17 = 0
    FROM generate_series(1, ${o.searches}) g`.execute(db);
  await sql`
    WITH t AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM threads ORDER BY id LIMIT ${o.flags}), u AS (SELECT array_agg(id ORDER BY id) AS ids FROM users)
    INSERT INTO flags (target_type, target_id, reporter_id, reason, status, handled_at, created_at)
    SELECT 'thread', t.id, u.ids[1 + t.k % array_length(u.ids, 1)], (ARRAY['off_topic','inappropriate','personal_data','spam','other'])[1 + t.k % 5],
           CASE WHEN t.k % 3 = 0 THEN 'open' ELSE 'dismissed' END, CASE WHEN t.k % 3 = 0 THEN NULL ELSE now() - ((t.k % 200) || ' days')::interval + interval '5 hours' END,
           now() - ((t.k % 200) || ' days')::interval
    FROM t, u ON CONFLICT DO NOTHING`.execute(db);
  await sql`ANALYZE cases, adoptions, search_log, flags`.execute(db);
  console.log(`insights seed done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
