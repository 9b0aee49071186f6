import { sql } from "kysely";
import { countedCases, titledCases } from "../policy";
import { caseAreaIs, inPeriod, monthSql, num, orgIs, type Q, type Scope } from "./scope";

// All SQL for the case and reuse panels. Every query counts only countedCases(viewer) (the read
// rule, see app/policy/insights.ts); a title comes back only where titledCases admits it.

const base = (db: Q, s: Scope) =>
  db.selectFrom("cases as c").where(countedCases(s.viewer, "c")).where(orgIs(s, "c.org_id")).where(caseAreaIs(s, "c"));

/** Cases published in the period, by area × status. */
export async function areaStatus(db: Q, s: Scope) {
  const rows = await base(db, s).where(inPeriod(s, "c.published_at"))
    .select(["c.area", "c.status", sql<string>`count(*)`.as("n")]).groupBy(["c.area", "c.status"]).execute();
  return rows.map((r) => ({ area: r.area ?? "none", status: r.status ?? "none", n: num(r.n) }));
}

/** New (published) cases per month and organisation. */
export async function newPerMonth(db: Q, s: Scope) {
  const rows = await base(db, s).innerJoin("organisations as o", "o.id", "c.org_id").where(inPeriod(s, "c.published_at"))
    .select([monthSql("c.published_at").as("month"), "o.id as org_id", "o.slug", "o.name", sql<string>`count(*)`.as("n")])
    .groupBy(["month", "o.id"]).execute();
  return rows.map((r) => ({ month: r.month, orgId: r.org_id, orgSlug: r.slug, orgName: r.name, n: num(r.n) }));
}

/** Cases published per month by their "evaluated?" answer. */
export async function evaluatedPerMonth(db: Q, s: Scope) {
  const rows = await base(db, s).where(inPeriod(s, "c.published_at"))
    .select([monthSql("c.published_at").as("month"), sql<string>`coalesce(c.evaluated::text, 'no')`.as("evaluated"), sql<string>`count(*)`.as("n")])
    .groupBy(["month", "evaluated"]).execute();
  return rows.map((r) => ({ month: r.month, evaluated: r.evaluated as "no" | "own_followup" | "formal", n: num(r.n) }));
}

const listCols = (s: Scope) => [
  "c.id", "o.name as org_name", sql<boolean>`${titledCases(s.viewer, "c")}`.as("titled"),
  sql<string | null>`CASE WHEN ${titledCases(s.viewer, "c")} THEN c.title END`.as("title"),
] as const;

/** Live cases whose review-by date has passed (not ended), oldest first. */
export async function pastReview(db: Q, s: Scope, today: string, limit = 20) {
  const q = base(db, s).where("c.review_by", "<", today as never).where(sql<boolean>`coalesce(c.status::text, '') <> 'ended'`);
  const [total, items] = await Promise.all([
    q.select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow(),
    q.innerJoin("organisations as o", "o.id", "c.org_id").select([...listCols(s), sql<string>`to_char(c.review_by, 'YYYY-MM-DD')`.as("date")])
      .orderBy("c.review_by").orderBy("c.id").limit(limit).execute(),
  ]);
  return { total: num(total.n), items };
}

/** Live cases in Pilot since before `since` that say they are not evaluated. */
export async function stalePilots(db: Q, s: Scope, since: Date, limit = 20) {
  const q = base(db, s).where("c.status", "=", "pilot").where(sql<boolean>`coalesce(c.evaluated::text, 'no') = 'no'`).where("c.status_since", "<=", since);
  const [total, items] = await Promise.all([
    q.select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow(),
    q.innerJoin("organisations as o", "o.id", "c.org_id").select([...listCols(s), sql<string>`to_char(c.status_since AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD')`.as("date")])
      .orderBy("c.status_since").orderBy("c.id").limit(limit).execute(),
  ]);
  return { total: num(total.n), items };
}

/** Adoptions (recorded in the period) of counted cases. `org` filters the case's owner. */
const adoptions = (db: Q, s: Scope) =>
  db.selectFrom("adoptions as a").innerJoin("cases as c", "c.id", "a.case_id")
    .where(countedCases(s.viewer, "c")).where(orgIs(s, "c.org_id")).where(caseAreaIs(s, "c")).where(inPeriod(s, "a.created_at"));

/** Which organisation adopted which organisation's cases. */
export async function adoptionMatrix(db: Q, s: Scope) {
  const rows = await adoptions(db, s).innerJoin("organisations as ao", "ao.id", "a.org_id").innerJoin("organisations as oo", "oo.id", "c.org_id")
    .select(["ao.name as adopter", "ao.id as adopter_id", "oo.name as owner", "oo.id as owner_id", sql<string>`count(*)`.as("n")])
    .groupBy(["ao.id", "oo.id"]).execute();
  return rows.map((r) => ({ adopter: r.adopter, adopterId: r.adopter_id, owner: r.owner, ownerId: r.owner_id, n: num(r.n) }));
}

/** The cases adopted by the most organisations. */
export async function mostReused(db: Q, s: Scope, limit = 10) {
  const rows = await adoptions(db, s).innerJoin("organisations as o", "o.id", "c.org_id")
    .select([...listCols(s), sql<string>`count(DISTINCT a.org_id)`.as("n")])
    .groupBy(["c.id", "o.name"]).orderBy(sql`count(DISTINCT a.org_id)`, "desc").orderBy("c.id").limit(limit).execute();
  return rows.map((r) => ({ ...r, n: num(r.n) }));
}

/**
 * The adoption funnel. An adoption's stage: the status of the case the adopter wrote about it
 * (derived_case_id, if that case counts too), else "trying" = exploring, "adopted" = production.
 */
export async function funnel(db: Q, s: Scope) {
  const rows = await adoptions(db, s).leftJoin("cases as d", (j) => j.onRef("d.id", "=", "a.derived_case_id").on(countedCases(s.viewer, "d")))
    .select([sql<string>`CASE
      WHEN d.status IN ('paused','ended') THEN 'dropped'
      WHEN d.status IN ('production','scaled') THEN 'production'
      WHEN d.status = 'pilot' THEN 'pilot'
      WHEN d.status IN ('idea','exploring') THEN 'exploring'
      WHEN a.status = 'adopted' THEN 'production'
      ELSE 'exploring' END`.as("stage"), sql<string>`count(*)`.as("n")])
    .groupBy("stage").execute();
  return rows.map((r) => ({ stage: r.stage as "exploring" | "pilot" | "production" | "dropped", n: num(r.n) }));
}
