import { sql } from "kysely";
import { countedThreads, titledThreads } from "../policy";
import { factsAreaIs, monthIn, num, orgIs, type Q, type Scope } from "./scope";

// All SQL for the question panels. A question counts when countedThreads(viewer) admits it; its
// answers (live replies by someone other than the asker) come from the materialised
// insight_question_facts (migrations 2026-12-02T2101 and 2026-12-03T1700, refreshed by the job
// queue): in a counted thread a live reply is exactly a counted one, so the read rule stays the
// thread's. The view also holds each question's Stockholm month, answer times in hours and tag
// areas, so no figure computes them per row or joins the thread tags.

// "t" is the view: it carries the thread's read-rule columns under their own names next to the
// facts, so the rule from readable.ts applies unchanged.
const questions = (db: Q, s: Scope) =>
  db.selectFrom("insight_question_facts as t")
    .where(countedThreads(s.viewer, "t"))
    .where(orgIs(s, "t.org_id")).where(factsAreaIs(s, "t"));

/**
 * Every question figure for the period from insight_question_cells (live questions summed per
 * cell of month, organisation, read-rule columns, tag areas and exact answer times; the read rule
 * applies to a cell as to a thread): per organisation and overall (counts, medians, answers from
 * outside the organisation), per month (counts), per area (a question with tags in two areas counts
 * in both). The medians are percentile_cont(0.5) over the cells weighted by their counts, which is
 * the median over the questions themselves.
 */
export async function questionFigures(db: Q, s: Scope) {
  const [cells, orgs] = await Promise.all([
    db.selectFrom("insight_question_cells as t")
      .where(countedThreads(s.viewer, "t")).where(orgIs(s, "t.org_id")).where(factsAreaIs(s, "t")).where(monthIn(s, "t.month"))
      .select(["t.month", "t.org_id", "t.areas", "t.first_h", "t.accepted_h", "t.n", "t.solved", "t.answers", "t.cross_answers"])
      .execute(),
    db.selectFrom("organisations as o").select(["o.id", "o.name", "o.slug"]).execute(),
  ]);
  type Cell = (typeof cells)[number];
  const group = (key: (c: Cell) => string[]) => {
    const m = new Map<string, Cell[]>();
    for (const c of cells) for (const k of key(c)) (m.get(k) ?? m.set(k, []).get(k)!).push(c);
    return m;
  };
  const figures = (cs: Cell[]) => ({
    n: sum(cs, (c) => c.n), answered: sum(cs, (c) => (c.first_h == null ? 0 : c.n)), solved: sum(cs, (c) => c.solved),
    firstMedianH: weightedMedian(cs.map((c) => [c.first_h, c.n])), acceptedMedianH: weightedMedian(cs.map((c) => [c.accepted_h, c.solved])),
  });
  const orgById = new Map(orgs.map((o) => [String(o.id), o]));
  const byOrg = [...group((c) => [String(c.org_id)])].filter(([id]) => orgById.has(id));
  const total = figures(cells);
  return {
    month: [...group((c) => [c.month])].map(([month, cs]) => ({ month, n: sum(cs, (c) => c.n), answered: sum(cs, (c) => (c.first_h == null ? 0 : c.n)), solved: sum(cs, (c) => c.solved) })),
    org: byOrg.map(([id, cs]) => ({ orgId: id, orgName: orgById.get(id)!.name, orgSlug: orgById.get(id)!.slug, ...figures(cs) })),
    total,
    area: [...group((c) => c.areas)].map(([area, cs]) => ({ area, ...figures(cs) })),
    // Answers to questions asked in the period, and how many came from outside the asker's organisation.
    cross: {
      total: { answers: sum(cells, (c) => c.answers), cross: sum(cells, (c) => c.cross_answers) },
      org: byOrg.map(([id, cs]) => ({ orgId: id, orgName: orgById.get(id)!.name, orgSlug: orgById.get(id)!.slug, answers: sum(cs, (c) => c.answers), cross: sum(cs, (c) => c.cross_answers) }))
        .filter((r) => r.answers > 0),
    },
  };
}

const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((a, x) => a + Number(f(x)), 0);

/**
 * percentile_cont(0.5) over values given with their counts (NULL values and zero counts ignored):
 * the value at 0-based position (N - 1) / 2 in sorted order, interpolated between the two
 * neighbours when that position falls between them, as PostgreSQL computes it.
 */
export function weightedMedian(pairs: [number | null, number][]): number | null {
  const xs = pairs.filter(([v, w]) => v != null && w > 0).map(([v, w]) => [Number(v), Number(w)] as const).sort((a, b) => a[0] - b[0]);
  const n = xs.reduce((a, [, w]) => a + w, 0);
  if (n === 0) return null;
  const pos = (n - 1) / 2;
  const at = (k: number) => {
    let seen = 0;
    for (const [v, w] of xs) {
      seen += w;
      if (k < seen) return v;
    }
    return xs[xs.length - 1][0];
  };
  const lo = at(Math.floor(pos));
  const hi = at(Math.ceil(pos));
  return lo + (hi - lo) * (pos - Math.floor(pos));
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

/**
 * Recomputes the materialised insights aggregates (the insights_refresh job): the per-question
 * facts, the question cells built from them, and the search log per query and month. Readers keep
 * the old rows meanwhile (the cells' plain refresh makes readers wait for it, well under a second).
 */
export async function refreshInsightAggregates(db: Q) {
  await sql`REFRESH MATERIALIZED VIEW CONCURRENTLY insight_question_facts`.execute(db);
  await sql`REFRESH MATERIALIZED VIEW insight_question_cells`.execute(db);
  await sql`REFRESH MATERIALIZED VIEW CONCURRENTLY insight_search_months`.execute(db);
}
