import { sql } from "kysely";
import { inPeriod, num, type Q, type Scope } from "./scope";

// All SQL for the health panel: flags and hidden items, counted only (never a title), in the
// organisations the viewer moderates as admin (null = the whole network, for network staff).

const targetOrg = sql<string | null>`CASE f.target_type
  WHEN 'thread' THEN (SELECT org_id FROM threads WHERE id = f.target_id)
  WHEN 'post' THEN (SELECT t.org_id FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = f.target_id)
  WHEN 'case' THEN (SELECT org_id FROM cases WHERE id = f.target_id) END`;

const within = (orgIds: string[] | null, s: Scope, col: ReturnType<typeof sql>) => {
  const parts = [sql`true`];
  if (orgIds) parts.push(sql`${col} = ANY(${orgIds}::bigint[])`);
  if (s.orgId) parts.push(sql`${col} = ${s.orgId}::bigint`);
  return sql<boolean>`(${sql.join(parts, sql` AND `)})`;
};

/** Flags opened and handled in the period, by reason, and the median hours to handle one. */
export async function flagFigures(db: Q, s: Scope, orgIds: string[] | null) {
  const rows = await db.selectFrom(
    db.selectFrom("flags as f").select(["f.reason", "f.status", "f.created_at", "f.handled_at", targetOrg.as("org_id")]).as("f"),
  )
    .where(within(orgIds, s, sql`f.org_id`))
    .select([
      sql<string | null>`f.reason`.as("reason"),
      sql<string>`count(*) FILTER (WHERE ${inPeriod(s, "f.created_at")})`.as("opened"),
      sql<string>`count(*) FILTER (WHERE f.status <> 'open' AND ${inPeriod(s, "f.handled_at")})`.as("handled"),
      sql<string>`count(*) FILTER (WHERE f.status = 'open')`.as("open_now"),
      sql<number | null>`percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.handled_at - f.created_at) / 3600) FILTER (WHERE f.status <> 'open' AND ${inPeriod(s, "f.handled_at")})`.as("median_h"),
    ])
    .groupBy(sql`GROUPING SETS ((f.reason), ())`).execute();
  const conv = (r: (typeof rows)[number]) => ({
    opened: num(r.opened), handled: num(r.handled), openNow: num(r.open_now), medianH: r.median_h == null ? null : Number(r.median_h),
  });
  const all = rows.find((r) => r.reason == null);
  return {
    total: all ? conv(all) : { opened: 0, handled: 0, openNow: 0, medianH: null },
    reasons: rows.filter((r) => r.reason != null).map((r) => ({ reason: r.reason!, ...conv(r) })),
  };
}

/** Items hidden by moderators right now (not deleted). */
export async function hiddenNow(db: Q, s: Scope, orgIds: string[] | null) {
  const [t, p, c] = await Promise.all([
    db.selectFrom("threads as t").where("t.hidden_at", "is not", null).where("t.deleted_at", "is", null).where(within(orgIds, s, sql`t.org_id`))
      .select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow(),
    db.selectFrom("posts as p").innerJoin("threads as t", "t.id", "p.thread_id").where("p.hidden_at", "is not", null).where("p.deleted_at", "is", null)
      .where(within(orgIds, s, sql`t.org_id`)).select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow(),
    db.selectFrom("cases as c").where("c.hidden_at", "is not", null).where("c.deleted_at", "is", null).where(within(orgIds, s, sql`c.org_id`))
      .select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow(),
  ]);
  return { threads: num(t.n), posts: num(p.n), cases: num(c.n) };
}
