import { sql } from "kysely";
import { readCountedCases, readCountedThreads, type Viewer } from "../policy";
import { num, type Q } from "./scope";

// All SQL for the home page's summary band: three small aggregates over what the viewer may read
// (readCountedCases / readCountedThreads, app/policy/insights.ts). Answers come from the
// materialised insight_question_cells (live questions summed per read-rule cell), as on /insights.

/** Published cases the viewer may read, how many of them say they were evaluated, and their adoptions. */
export async function summaryCases(db: Q, v: Viewer | null) {
  const [c, a] = await Promise.all([
    db.selectFrom("cases as c").where(readCountedCases(v, "c"))
      .select([sql<string>`count(*)`.as("n"), sql<string>`count(*) FILTER (WHERE c.evaluated IN ('own_followup', 'formal'))`.as("evaluated")])
      .executeTakeFirstOrThrow(),
    db.selectFrom("adoptions as a").innerJoin("cases as c", "c.id", "a.case_id").where(readCountedCases(v, "c"))
      .select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow(),
  ]);
  return { cases: num(c.n), evaluated: num(c.evaluated), adoptions: num(a.n) };
}

/** Answers to the questions the viewer may read, and how many came from outside the asker's organisation. */
export async function summaryAnswers(db: Q, v: Viewer | null) {
  const r = await db.selectFrom("insight_question_cells as t").where(readCountedThreads(v, "t"))
    .select([sql<string>`coalesce(sum(t.answers), 0)`.as("answers"), sql<string>`coalesce(sum(t.cross_answers), 0)`.as("cross")])
    .executeTakeFirstOrThrow();
  return { answers: num(r.answers), cross: num(r.cross) };
}
