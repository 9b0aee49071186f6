import { sql } from "kysely";
import { MIN_CELL } from "../policy";
import { monthIn, num, type Q, type Scope } from "./scope";

// All SQL for the search log (table search_log, migration 2026-12-02T2100). The figures read
// insight_search_months (migration 2026-12-03T1700): the log summed per query and Stockholm month,
// refreshed with the other insights aggregates by the insights_refresh job.

export async function insertSearch(db: Q, row: { query: string; hits: number; searchedAt: Date; askToken: string }) {
  await db.insertInto("search_log").values({ query: row.query, hits: row.hits, searched_at: row.searchedAt, ask_token: row.askToken }).execute();
}

/** Marks the search behind `token` as followed by a question and forgets the token. */
export async function markAsked(db: Q, token: string): Promise<boolean> {
  const r = await db.updateTable("search_log").set({ asked: true, ask_token: null }).where("ask_token", "=", token).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Deletes rows searched before `before`; tokens older than a day are cleared (an ask link is not kept). */
export async function purgeSearchLog(db: Q, before: Date, tokensBefore: Date) {
  const r = await db.deleteFrom("search_log").where("searched_at", "<", before).executeTakeFirst();
  await db.updateTable("search_log").set({ ask_token: null }).where("ask_token", "is not", null).where("searched_at", "<", tokensBefore).execute();
  return Number(r.numDeletedRows);
}

/** Recomputes the per-month sums (after a purge, so nothing past the retention stays in them). */
export async function refreshSearchMonths(db: Q) {
  await sql`REFRESH MATERIALIZED VIEW CONCURRENTLY insight_search_months`.execute(db);
}

const SEARCHES = sql`sum(l.n)`;
const ASKED = sql`sum(l.asked)`;
const grouped = (db: Q, s: Scope) =>
  db.selectFrom("insight_search_months as l").where(monthIn(s, "l.month")).groupBy("l.query")
    .having(sql<boolean>`${SEARCHES} >= ${MIN_CELL}`)
    .select([
      "l.query", sql<string>`${SEARCHES}`.as("n"), sql<string>`max(l.max_hits)`.as("max_hits"),
      sql<string>`round(sum(l.sum_hits)::numeric / ${SEARCHES})`.as("avg_hits"), sql<string>`${ASKED}`.as("asked"),
    ]);

type Row = { query: string; n: string; max_hits: string; avg_hits: string; asked: string };
const conv = (r: Row) => ({ query: r.query, n: num(r.n), maxHits: num(r.max_hits), avgHits: num(r.avg_hits), asked: num(r.asked) });

/** The most searched queries (groups under MIN_CELL searches are left out). */
export async function topQueries(db: Q, s: Scope, limit = 15) {
  return (await grouped(db, s).orderBy(SEARCHES, "desc").orderBy("l.query").limit(limit).execute()).map(conv);
}

/** Queries that found nothing or almost nothing for every searcher (at most `few` hits). */
export async function gapQueries(db: Q, s: Scope, few: number, limit = 15) {
  return (await grouped(db, s).having(sql<boolean>`max(l.max_hits) <= ${few}`).orderBy(SEARCHES, "desc").orderBy("l.query").limit(limit).execute()).map(conv);
}

/** Searches followed by a new question: totals, and the queries behind them. */
export async function askedAfter(db: Q, s: Scope, limit = 15) {
  const [total, queries] = await Promise.all([
    db.selectFrom("insight_search_months as l").where(monthIn(s, "l.month"))
      .select([sql<string>`coalesce(${SEARCHES}, 0)`.as("n"), sql<string>`coalesce(${ASKED}, 0)`.as("asked")]).executeTakeFirstOrThrow(),
    grouped(db, s).having(sql<boolean>`${ASKED} >= ${MIN_CELL}`)
      .orderBy(ASKED, "desc").orderBy("l.query").limit(limit).execute(),
  ]);
  return { searches: num(total.n), asked: num(total.asked), queries: queries.map(conv) };
}
