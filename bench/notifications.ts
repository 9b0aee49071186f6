// npm run bench:notifications — the community loop's speed figures on a fresh database:
//   the bell's count query at 1 M notifications (one SQL query with the read rule; also its worst case), and the fan-out of one reply to 300 watchers.
// Uses DATABASE_URL (an admin URL; a scratch database is created and dropped) or an embedded server.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { sql } from "kysely";
import { createDb } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";
import { migrateToLatest } from "../db/migrate";
import { recordEvent } from "../app/events/events.server";
import { dispatchEvent } from "../app/events/dispatch.server";
import { unreadCount } from "../app/notifications/notifications.server";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let admin = process.env.DATABASE_URL;
const embedded = admin ? null : await startEmbeddedPostgres({ dataDir: process.env.BENCH_PG_DATA_DIR ?? ".data/bench-notif-pg", port: Number(process.env.BENCH_PG_PORT ?? 54349), database: "postgres", quiet: true });
admin ??= embedded!.url;
const name = `allm_notif_${randomBytes(4).toString("hex")}`;
const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query(`CREATE DATABASE ${name}`);
const u = new URL(admin);
u.pathname = `/${name}`;
const db = createDb(u.toString(), 4);
try {
  await migrateToLatest(db, undefined, u.toString());
  const org = await db.insertInto("organisations").values({ slug: "b", name: "Bench", kind: "municipality", email_domains: [] }).returning("id").executeTakeFirstOrThrow();
  await sql`INSERT INTO users (email, handle, name, primary_org_id, email_verified_at)
            SELECT 'u' || i || '@b.se', 'u' || i, 'Person ' || i, ${org.id}, now() FROM generate_series(1, 1000) i`.execute(db);
  await sql`INSERT INTO memberships (user_id, org_id, role) SELECT id, ${org.id}, 'member' FROM users`.execute(db);
  const users = (await db.selectFrom("users").select("id").orderBy("id").execute()).map((r) => r.id);
  const thread = await db.insertInto("threads").values({
    kind: "question", title: "Bench", slug: "bench", body_md: "x", body_html: "<p>x</p>", renderer_version: 1, org_id: org.id, visibility: "network", author_id: users[0],
  }).returning("id").executeTakeFirstOrThrow();
  const post = await db.insertInto("posts").values({ thread_id: thread.id, number: 1, author_id: users[1], body_md: "y", body_html: "<p>y</p>", renderer_version: 1 }).returning("id").executeTakeFirstOrThrow();

  // 1 M notifications over 1,000 people (a tenth unread), all pointing at the thread and post.
  const t0 = Date.now();
  await sql`INSERT INTO notifications (user_id, kind, thread_id, post_id, data, read_at)
            SELECT u.ids[1 + i % 1000], 'reply', ${thread.id}, ${post.id}, '{}', CASE WHEN i % 10 = 0 THEN NULL ELSE now() END
            FROM generate_series(1, 1000000) i, (SELECT array_agg(id ORDER BY id) AS ids FROM users) u`.execute(db);
  await sql`ANALYZE notifications`.execute(db);
  console.log(`loaded 1,000,000 notifications in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // users[10] holds 1,000 notifications of which all are unread (i % 10 = 0).
  const viewer = { id: users[10], email: "", handle: "u11", name: "", locale: null, primaryOrgId: org.id, networkRole: null, memberships: [{ orgId: org.id, role: "member" as const }] };
  const times: number[] = [];
  let n = 0;
  for (let i = 0; i < 60; i++) {
    const s = performance.now();
    n = await unreadCount({ db, viewer, now: new Date() });
    times.push(performance.now() - s);
  }
  console.log(`bell count (capped at 100, read rule applied): ${n} unread, median ${median(times.slice(10)).toFixed(2)} ms over 50 runs`);
  // Worst case: every one of the person's 1,000 unread notifications points at something they may
  // no longer read (the thread was deleted), so the query must look at all of them to count 0.
  await db.updateTable("threads").set({ deleted_at: new Date() }).where("id", "=", thread.id).execute();
  const worst: number[] = [];
  for (let i = 0; i < 60; i++) {
    const s = performance.now();
    n = await unreadCount({ db, viewer, now: new Date() });
    worst.push(performance.now() - s);
  }
  if (n !== 0) throw new Error(`expected 0 readable, got ${n}`);
  console.log(`bell count, worst case (1,000 unread, none readable any more): ${n}, median ${median(worst.slice(10)).toFixed(2)} ms over 50 runs`);
  await db.updateTable("threads").set({ deleted_at: null }).where("id", "=", thread.id).execute();

  // Fan-out: 300 watchers of one thread, one reply.
  await db.insertInto("watches").values(users.slice(10, 310).map((id) => ({ user_id: id, target_type: "thread" as const, target_id: thread.id, level: "watching" as const }))).execute();
  const fan: number[] = [];
  for (let i = 0; i < 5; i++) {
    const p = await db.insertInto("posts").values({ thread_id: thread.id, number: i + 2, author_id: users[2], body_md: "z", body_html: "<p>z</p>", renderer_version: 1 }).returning("id").executeTakeFirstOrThrow();
    const id = await recordEvent(db, { type: "reply.posted", actorId: users[2], threadId: thread.id, postId: p.id });
    const s = performance.now();
    const got = await dispatchEvent(db, id);
    fan.push(performance.now() - s);
    if (got.length !== 301) throw new Error(`expected 301 recipients, got ${got.length}`);
  }
  console.log(`fan-out of one reply to 300 watchers (+ the asker): median ${median(fan).toFixed(0)} ms of job time over 5 replies`);
} finally {
  await db.destroy();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
  await embedded?.stop();
}
