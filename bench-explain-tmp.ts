import { sql } from "kysely";
import { benchDatabase } from "./bench/lib";
import { indexableThreads } from "./app/policy";
const { db, stop } = await benchDatabase();
const q = sql`EXPLAIN (ANALYZE, BUFFERS) SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM qf.first_answer_at - t.created_at)) FROM threads t JOIN insight_question_facts qf ON qf.thread_id = t.id WHERE t.kind = 'question' AND ${indexableThreads("t")} AND t.created_at >= now() - interval '1 year'`;
const r = await q.execute(db);
console.log((r.rows as any[]).map((x) => x["QUERY PLAN"]).join("\n"));
await stop();
