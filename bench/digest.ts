// npm run bench:digest — the weekly digest run for 3,000 people over a week of activity: 600 new
// threads (a third unsolved questions) in 30 tags, 30,000 notifications, each person watching 3
// tags, 20 best-practice picks, 300 routed questions. Times runDigest (compose, read-check every
// item per reader, queue the mails and their send jobs). Target < 60 s.
// Uses DATABASE_URL (an admin URL; a scratch database is created and dropped) or an embedded server.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { sql } from "kysely";
import { createDb } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";
import { migrateToLatest } from "../db/migrate";
import { runDigest } from "../app/mail/digest.server";

let admin = process.env.DATABASE_URL;
const embedded = admin ? null : await startEmbeddedPostgres({ dataDir: process.env.BENCH_PG_DATA_DIR ?? ".data/bench-digest-pg", port: Number(process.env.BENCH_PG_PORT ?? 54351), database: "postgres", quiet: true });
admin ??= embedded!.url;
const name = `allm_digest_${randomBytes(4).toString("hex")}`;
const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query(`CREATE DATABASE ${name}`);
const u = new URL(admin);
u.pathname = `/${name}`;
const db = createDb(u.toString(), 4);
try {
  await migrateToLatest(db, undefined, u.toString());
  const orgs = await sql<{ id: string }>`INSERT INTO organisations (slug, name, kind, email_domains)
    SELECT 'o' || i, 'Org ' || i, 'municipality', '{}' FROM generate_series(1, 11) i RETURNING id`.execute(db);
  const orgIds = orgs.rows.map((r) => r.id);
  await sql`INSERT INTO users (email, handle, name, primary_org_id, email_verified_at)
            SELECT 'u' || i || '@b.se', 'u' || i, 'Person ' || i, ((${orgIds})::bigint[])[1 + i % 11], now() FROM generate_series(1, 3000) i`.execute(db);
  await sql`INSERT INTO memberships (user_id, org_id, role) SELECT id, primary_org_id, 'member' FROM users`.execute(db);
  await sql`INSERT INTO tags (slug, name_sv, name_en, area) SELECT 'tag' || i, 'Tagg ' || i, 'Tag ' || i, 'customer_service' FROM generate_series(1, 30) i`.execute(db);
  // A week of activity: 600 threads, spread over the last 7 days, mixed visibility.
  await sql`INSERT INTO threads (kind, title, slug, body_md, body_html, renderer_version, org_id, visibility, author_id, created_at)
            SELECT CASE WHEN i % 3 = 0 THEN 'question' ELSE 'discussion' END, 'Tråd ' || i, 't' || i, 'x', '<p>x</p>', 1,
                   (SELECT primary_org_id FROM users WHERE id = (SELECT min(id) FROM users) + i % 3000),
                   CASE WHEN i % 4 = 0 THEN 'organisation' ELSE 'network' END, (SELECT min(id) FROM users) + i % 3000,
                   now() - (i % 168) * interval '1 hour'
            FROM generate_series(1, 600) i`.execute(db);
  await sql`INSERT INTO thread_tags (thread_id, tag_id) SELECT t.id, (SELECT min(id) FROM tags) + t.id % 30 FROM threads t`.execute(db);
  await sql`INSERT INTO watches (user_id, target_type, target_id, level)
            SELECT u.id, 'tag', (SELECT min(id) FROM tags) + (u.id + k * 7) % 30, 'watching' FROM users u, generate_series(0, 2) k ON CONFLICT DO NOTHING`.execute(db);
  await sql`INSERT INTO notifications (user_id, kind, thread_id, data, created_at, updated_at)
            SELECT (SELECT min(id) FROM users) + i % 3000, CASE WHEN i % 2 = 0 THEN 'new_thread' ELSE 'reply' END,
                   (SELECT min(id) FROM threads) + i % 600, '{}', now() - (i % 160) * interval '1 hour', now() - (i % 160) * interval '1 hour'
            FROM generate_series(1, 30000) i`.execute(db);
  await sql`INSERT INTO best_practice_marks (target_type, target_id, curator_id, note, marked_at)
            SELECT 'thread', (SELECT min(id) FROM threads) + i * 29, (SELECT min(id) FROM users), 'Bra', now() - i * interval '5 hours' FROM generate_series(1, 20) i`.execute(db);
  await sql`INSERT INTO question_routes (thread_id, user_id, tag_ids, routed_at)
            SELECT (SELECT min(id) FROM threads WHERE kind = 'question') + (i % 200) * 3, (SELECT min(id) FROM users) + i * 10, '{}', now() - (i % 100) * interval '1 hour'
            FROM generate_series(0, 299) i ON CONFLICT DO NOTHING`.execute(db);
  // Everyone chooses the weekly digest for replies and new threads.
  await sql`INSERT INTO mail_preferences (user_id, kind, cadence) SELECT id, k, 'weekly' FROM users, unnest(ARRAY['reply','new_thread','question_routed']) k`.execute(db);
  await sql`ANALYZE`.execute(db);
  const s = performance.now();
  const r = await runDigest(db, "weekly", new Date());
  const ms = performance.now() - s;
  const jobs = await sql<{ n: string }>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = 'mail_send'`.execute(db);
  console.log(`weekly digest for ${r.people} people over a week (600 threads, 30,000 notifications): ${r.queued} mails queued (${jobs.rows[0].n} send jobs) in ${(ms / 1000).toFixed(1)} s`);
} finally {
  await db.destroy();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
  await embedded?.stop();
}
