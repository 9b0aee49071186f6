import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { benchDatabase } from "./lib";
import { PostgresEngine } from "../search/postgres/engine";
import { emptyFilters } from "../search/types";
const { url, stop } = await benchDatabase();
const log: { ms: number; sql: string; params: readonly unknown[] }[] = [];
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }), log: (e) => { if (e.level === "query") log.push({ ms: e.queryDurationMillis, sql: e.query.sql, params: e.query.parameters }); } });
const e = new PostgresEngine(db);
const term = process.argv[2] ?? "moderation";
await e.search({ text: term, filters: emptyFilters(), page: 1, perPage: 20, sort: "relevance" }, null);
log.length = 0;
await e.search({ text: term, filters: emptyFilters(), page: 1, perPage: 20, sort: "relevance" }, null);
for (const l of log) console.log(l.ms.toFixed(1), l.sql.replace(/\s+/g, " ").slice(0, 150));
const big = log.reduce((a, b) => (b.ms > a.ms ? b : a));
if (process.argv[3]) {
  const r = await db.transaction().execute(async (t) => (await sql.raw("").execute(t), await (t as any).getExecutor().executeQuery({ sql: "EXPLAIN (ANALYZE, BUFFERS) " + big.sql, parameters: big.params, query: { kind: "RawNode" } } as any)));
  for (const row of r.rows as any[]) console.log(row["QUERY PLAN"]);
}
await db.destroy();
await stop();
