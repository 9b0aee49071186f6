import { sql } from "kysely";
import { countedThreads, titledThreads } from "../policy";
import { inPeriod, num, orgIs, threadAreaIs, type Q, type Scope } from "./scope";

// All SQL for the question panels. A question counts when countedThreads(viewer) admits it; its
// answers (live replies by someone other than the asker) come from the materialised
// insight_question_facts (migration 2026-12-02T2101, refreshed by the job queue): in a counted
// thread a live reply is exactly a counted one, so the read rule stays the thread's.

// "t" is the view: it carries the thread's read-rule columns under their own names next to the
// facts, so the rule from readable.ts applies unchanged.
const questions = (db: Q, s: Scope) =>
  db.selectFrom("insight_question_facts as t")
    .where(countedThreads(s.viewer, "t"))
    .where(orgIs(s, "t.org_id")).where(threadAreaIs(s, "t"));

/** Per asked question in the period: hours to the first answer and to the accepted answer. */
const facts = (db: Q, s: Scope) =>
  questions(db, s).where(inPeriod(s, "t.created_at"))
    .select([
      "t.id", "t.org_id", "t.created_at",
      sql<number | null>`extract(epoch FROM t.first_answer_at - t.created_at) / 3600`.as("first_h"),
      sql<number | null>`extract(epoch FROM t.accepted_at - t.created_at) / 3600`.as("accepted_h"),
      sql<boolean>`t.accepted_at IS NOT NULL`.as("solved"),
    ]);

const aggregates = [
  sql<string>`count(*)`.as("n"),
  sql<string>`count(first_h)`.as("answered"),
  sql<string>`count(*) FILTER (WHERE solved)`.as("solved"),
  sql<number | null>`percentile_cont(0.5) WITHIN GROUP (ORDER BY first_h)`.as("first_median"),
  sql<number | null>`percentile_cont(0.5) WITHIN GROUP (ORDER BY accepted_h)`.as("accepted_median"),
] as const;

type Agg = { n: string; answered: string; solved: string; first_median: number | null; accepted_median: number | null };
const agg = (r: Agg) => ({
  n: num(r.n), answered: num(r.answered), solved: num(r.solved),
  firstMedianH: r.first_median == null ? null : Number(r.first_median), acceptedMedianH: r.accepted_median == null ? null : Number(r.accepted_median),
});

const MONTH = sql`to_char(f.created_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM')`;

/** Questions per month, per organisation and overall (one pass, grouping sets). */
export async function questionFigures(db: Q, s: Scope) {
  const rows = await db.selectFrom(facts(db, s).as("f"))
    .leftJoin("organisations as o", "o.id", "f.org_id")
    .select([
      sql<string | null>`${MONTH}`.as("month"),
      sql<string | null>`o.id`.as("org_id"), sql<string | null>`o.name`.as("org_name"), sql<string | null>`o.slug`.as("org_slug"),
      ...aggregates,
    ])
    .groupBy(sql`GROUPING SETS ((${MONTH}), (o.id, o.name, o.slug), ())`)
    .execute();
  const month = rows.filter((r) => r.month != null).map((r) => ({ month: r.month!, ...agg(r) }));
  const org = rows.filter((r) => r.month == null && r.org_id != null).map((r) => ({ orgId: r.org_id!, orgName: r.org_name!, orgSlug: r.org_slug!, ...agg(r) }));
  const all = rows.find((r) => r.month == null && r.org_id == null);
  return { month, org, total: all ? agg(all) : agg({ n: "0", answered: "0", solved: "0", first_median: null, accepted_median: null }) };
}

/** The same medians per area (a question with tags in two areas counts in both). */
export async function questionAreas(db: Q, s: Scope) {
  const rows = await db.selectFrom(facts(db, s).as("f"))
    .innerJoin(
      (eb) => eb.selectFrom("thread_tags as tt").innerJoin("tags as tg", "tg.id", "tt.tag_id").select(["tt.thread_id", "tg.area"]).distinct().as("ta"),
      (j) => j.onRef("ta.thread_id", "=", "f.id"),
    )
    .select(["ta.area", ...aggregates]).groupBy("ta.area").execute();
  return rows.map((r) => ({ area: r.area, ...agg(r) }));
}

/** Counted, unsolved questions asked before `before` with no answer yet (whatever the period). */
export async function unanswered(db: Q, s: Scope, before: Date, limit = 20) {
  const q = questions(db, s).where("t.accepted_post_id", "is", null).where("t.created_at", "<", before).where("t.first_answer_at", "is", null);
  const [total, items] = await Promise.all([
    q.select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow(),
    q.innerJoin("organisations as o", "o.id", "t.org_id").innerJoin("threads as th", "th.id", "t.thread_id")
      .select([
        "th.id", "th.slug", "o.name as org_name", sql<boolean>`${titledThreads(s.viewer, "th")}`.as("titled"),
        sql<string | null>`CASE WHEN ${titledThreads(s.viewer, "th")} THEN th.title END`.as("title"),
        sql<string>`to_char(t.created_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD')`.as("date"),
      ])
      .orderBy("t.created_at").orderBy("t.id").limit(limit).execute(),
  ]);
  return { total: num(total.n), items };
}

/** Answers to questions asked in the period, and how many came from outside the asker's organisation. */
export async function crossOrgAnswers(db: Q, s: Scope) {
  const rows = await questions(db, s).where(inPeriod(s, "t.created_at"))
    .leftJoin("organisations as o", "o.id", "t.org_id")
    .select([
      sql<string | null>`o.id`.as("org_id"), sql<string | null>`o.name`.as("org_name"), sql<string | null>`o.slug`.as("org_slug"),
      sql<string>`coalesce(sum(t.answers), 0)`.as("answers"), sql<string>`coalesce(sum(t.cross_answers), 0)`.as("cross"),
    ])
    .groupBy(sql`GROUPING SETS ((o.id, o.name, o.slug), ())`).execute();
  const conv = (r: (typeof rows)[number]) => ({ answers: num(r.answers), cross: num(r.cross) });
  const all = rows.find((r) => r.org_id == null);
  return {
    total: all ? conv(all) : { answers: 0, cross: 0 },
    org: rows.filter((r) => r.org_id != null && num(r.answers) > 0).map((r) => ({ orgId: r.org_id!, orgName: r.org_name!, orgSlug: r.org_slug!, ...conv(r) })),
  };
}

/** Recomputes the per-question facts (the insights_refresh job); readers keep the old rows meanwhile. */
export async function refreshQuestionFacts(db: Q) {
  await sql`REFRESH MATERIALIZED VIEW CONCURRENTLY insight_question_facts`.execute(db);
}
