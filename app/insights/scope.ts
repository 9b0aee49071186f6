import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from "kysely";
import type { Database } from "../../db/types";
import type { Area } from "../cases/constants";
import type { Viewer } from "../policy";

export type Q = Kysely<Database> | Transaction<Database>;
export type Sql = Expression<SqlBool>;

/** What the figures are counted over: the viewer's rule, the period (months, Stockholm) and filters. */
export type Scope = { viewer: Viewer | null; from: string; to: string; orgId: string | null; area: Area | null; now: Date };

const TZ = "Europe/Stockholm";

/** Midnight on the first of month "YYYY-MM" in Stockholm, as an instant. */
export function stockholmMonthStart(ym: string): Date {
  const [y, m] = ym.split("-").map(Number);
  const guess = Date.UTC(y, m - 1, 1);
  const hour = Number(new Intl.DateTimeFormat("en-GB", { timeZone: TZ, hour: "2-digit", hourCycle: "h23" }).format(new Date(guess)));
  return new Date(guess - hour * 3_600_000); // Stockholm is UTC+1 or +2: midnight UTC reads 01 or 02
}
const nextMonth = (ym: string) => {
  const [y, m] = ym.split("-").map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
};
/** The period's start and end (exclusive) as timestamptz parameters (computed once, not per row). */
export const periodStart = (s: Scope) => sql`${stockholmMonthStart(s.from)}::timestamptz`;
export const periodEnd = (s: Scope) => sql`${stockholmMonthStart(nextMonth(s.to))}::timestamptz`;
export const inPeriod = (s: Scope, col: string): Sql =>
  sql<SqlBool>`(${sql.ref(col)} >= ${periodStart(s)} AND ${sql.ref(col)} < ${periodEnd(s)})`;
/** A precomputed Stockholm month column ('YYYY-MM') in the period: the same rows as inPeriod on the timestamp. */
export const monthIn = (s: Scope, col: string): Sql =>
  sql<SqlBool>`(${sql.ref(col)} COLLATE "C" >= ${s.from} AND ${sql.ref(col)} COLLATE "C" <= ${s.to})`;
/** A question (insight_question_facts) is in an area when one of its tags is (the view's `areas`). */
export const factsAreaIs = (s: Scope, alias: string): Sql =>
  s.area ? sql<SqlBool>`${sql.ref(`${alias}.areas`)} @> ARRAY[${s.area}]::text[]` : sql<SqlBool>`true`;
/** "YYYY-MM" of a timestamp column in Stockholm. */
export const monthSql = (col: string) => sql<string>`to_char(${sql.ref(col)} AT TIME ZONE ${TZ}, 'YYYY-MM')`;

export const orgIs = (s: Scope, col: string): Sql => (s.orgId ? sql<SqlBool>`${sql.ref(col)} = ${s.orgId}::bigint` : sql<SqlBool>`true`);
export const caseAreaIs = (s: Scope, alias: string): Sql => (s.area ? sql<SqlBool>`${sql.ref(`${alias}.area`)} = ${s.area}` : sql<SqlBool>`true`);
/** A thread is in an area when one of its (live) tags is. */
export const threadAreaIs = (s: Scope, alias: string): Sql =>
  s.area
    ? sql<SqlBool>`EXISTS (SELECT 1 FROM thread_tags tt JOIN tags tg ON tg.id = tt.tag_id WHERE tt.thread_id = ${sql.ref(`${alias}.id`)} AND tg.area = ${s.area})`
    : sql<SqlBool>`true`;
export const num = (v: unknown) => Number(v ?? 0);
