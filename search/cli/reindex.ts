// npm run search:reindex [-- --engine=postgres|meilisearch|all] [-- --bulk] — rebuilds a search engine from the
// source tables (threads, posts, cases), with a progress bar. Safe to run while the app serves.
// `-- --compact` rewrites search_documents once so that rows indexed before the search-speed
// migration keep their vectors in the row too (VACUUM FULL: locks the table for minutes).
import { sql } from "kysely";
import cliProgress from "cli-progress";
import { createDb } from "../../db/client";
import type { Database } from "../../db/types";
import type { Kysely } from "kysely";
import { buildDocuments } from "../documents";
import { meiliConfigFromEnv } from "../meilisearch/client";
import { MeiliEngine } from "../meilisearch/engine";
import { refreshRecencyMarks, refreshStatistics, upsertDocuments } from "../postgres/indexer";
import { bulkIndexThreads } from "../postgres/bulk";
import type { DocKey, SearchDocType, SearchDocument } from "../types";

const BATCH = 1000;

async function sourceKeys(db: Kysely<Database>): Promise<DocKey[]> {
  const keys: DocKey[] = [];
  const push = async (type: SearchDocType, table: string) => {
    const exists = await sql<{ t: string | null }>`SELECT to_regclass(${table})::text AS t`.execute(db);
    if (!exists.rows[0]?.t) return;
    const { rows } = await sql<{ id: string }>`SELECT id::text AS id FROM ${sql.table(table)} ORDER BY id`.execute(db);
    for (const r of rows) keys.push({ type, id: r.id });
  };
  await push("thread", "threads");
  await push("post", "posts");
  await push("case", "cases");
  return keys;
}

/**
 * Initial build of the PostgreSQL engine for a large forum: set-based SQL per range of thread ids,
 * then the cases through the normal builders. Existing rows are kept (ON CONFLICT DO NOTHING).
 */
export async function bulkReindexPostgres(db: Kysely<Database>, progress = true, range: { from?: number; to?: number } = {}) {
  const { rows } = await sql<{ lo: string | null; hi: string | null }>`SELECT min(id) AS lo, max(id) AS hi FROM threads`.execute(db);
  const lo = Math.max(Number(rows[0]?.lo ?? 0), range.from ?? 0);
  const hi = Math.min(Number(rows[0]?.hi ?? -1), range.to ?? Infinity);
  // A partial range (several processes in parallel) only inserts; finish with --bulk --finish.
  const partial = range.from !== undefined || range.to !== undefined;
  const STEP = 2000;
  // An empty table is built faster without its full-text indexes, which are then built once.
  const empty = !partial && Number((await sql<{ n: string }>`SELECT count(*) AS n FROM (SELECT 1 FROM search_documents LIMIT 1) x`.execute(db)).rows[0].n) === 0;
  const INDEXES = ["search_documents_sv_idx", "search_documents_en_idx", "search_documents_simple_idx"];
  if (empty) for (const ix of INDEXES) await sql`DROP INDEX IF EXISTS ${sql.id(ix)}`.execute(db);
  await sql`SET synchronous_commit = off`.execute(db).catch(() => undefined);
  const bar = progress ? new cliProgress.SingleBar({ format: "bulk reindex [{bar}] {percentage}% | threads {value}/{total} | {eta_formatted} left" }, cliProgress.Presets.shades_classic) : null;
  bar?.start(Math.max(0, hi - lo + 1), 0);
  for (let from = lo; from <= hi; from += STEP) {
    await bulkIndexThreads(db, from, from + STEP);
    bar?.update(Math.min(hi - lo + 1, from - lo + STEP));
  }
  bar?.stop();
  if (partial) return;
  if (empty) {
    console.log("building full-text indexes …");
    await sql`SET maintenance_work_mem = '512MB'`.execute(db).catch(() => undefined);
    await sql`CREATE INDEX IF NOT EXISTS search_documents_sv_idx ON search_documents USING gin (tsv_sv) WITH (fastupdate = off)`.execute(db);
    await sql`CREATE INDEX IF NOT EXISTS search_documents_en_idx ON search_documents USING gin (tsv_en) WITH (fastupdate = off)`.execute(db);
    await sql`CREATE INDEX IF NOT EXISTS search_documents_simple_idx ON search_documents USING gin (tsv_simple) WITH (fastupdate = off)`.execute(db);
  }
  await indexAllCases(db);
  await refreshStatistics(db);
}

/** After parallel partial bulk runs: build the full-text indexes, index cases, refresh statistics. */
export async function finishBulk(db: Kysely<Database>) {
  await sql`SET maintenance_work_mem = '512MB'`.execute(db).catch(() => undefined);
  await sql`CREATE INDEX IF NOT EXISTS search_documents_updated_idx ON search_documents (updated_at DESC)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS search_documents_sv_idx ON search_documents USING gin (tsv_sv) WITH (fastupdate = off)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS search_documents_en_idx ON search_documents USING gin (tsv_en) WITH (fastupdate = off)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS search_documents_simple_idx ON search_documents USING gin (tsv_simple) WITH (fastupdate = off)`.execute(db);
  await indexAllCases(db);
  await refreshStatistics(db);
}

/** Every case, a batch at a time (one statement for all of them would pass PostgreSQL's 65,535 parameters). */
async function indexAllCases(db: Kysely<Database>) {
  const cases = await sql<{ id: string }>`SELECT id::text AS id FROM cases`.execute(db).catch(() => ({ rows: [] as { id: string }[] }));
  for (let i = 0; i < cases.rows.length; i += BATCH) {
    const docs = await buildDocuments(db, "case", cases.rows.slice(i, i + BATCH).map((r) => r.id));
    await upsertDocuments(db, docs);
  }
}

export async function reindex(db: Kysely<Database>, engine: "postgres" | "meilisearch" | "all", progress = true) {
  const keys = await sourceKeys(db);
  const meiliCfg = meiliConfigFromEnv();
  const meili = meiliCfg && engine !== "postgres" ? new MeiliEngine(db, meiliCfg) : null;
  if (engine === "meilisearch" && !meili) throw new Error("MEILI_HOST is not set");
  if (meili) await meili.configure();
  const bar = progress ? new cliProgress.SingleBar({ format: "reindex [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left" }, cliProgress.Presets.shades_classic) : null;
  bar?.start(keys.length, 0);
  const started = new Date();
  for (let i = 0; i < keys.length; i += BATCH) {
    const slice = keys.slice(i, i + BATCH);
    const docs: SearchDocument[] = [];
    for (const type of ["thread", "post", "case"] as const) {
      const ids = slice.filter((k) => k.type === type).map((k) => k.id);
      if (ids.length) docs.push(...(await buildDocuments(db, type, ids)));
    }
    if (engine !== "meilisearch") await db.transaction().execute((trx) => upsertDocuments(trx, docs));
    if (meili) await meili.index(docs);
    bar?.update(Math.min(keys.length, i + BATCH));
  }
  // Anything not touched by this run no longer has a searchable source.
  if (engine !== "meilisearch") {
    await sql`DELETE FROM search_documents WHERE indexed_at < ${started}`.execute(db);
    await refreshStatistics(db);
  }
  bar?.stop();
  return keys.length;
}

const isMain = /reindex\.[tj]s$/.test(process.argv[1] ?? "");
if (isMain) {
  const arg = process.argv.find((a) => a.startsWith("--engine="))?.split("=")[1] ?? "all";
  if (!["postgres", "meilisearch", "all"].includes(arg)) {
    console.error("usage: npm run search:reindex -- [--engine=postgres|meilisearch|all] [--bulk [--from=N --to=N | --finish]] [--compact]");
    process.exit(2);
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set");
    process.exit(2);
  }
  const db = createDb(url, 4);
  const num = (name: string) => {
    const v = process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
    return v === undefined ? undefined : Number(v);
  };
  if (process.argv.includes("--compact")) {
    console.log("rewriting search_documents (VACUUM FULL) …");
    await sql`VACUUM (FULL, ANALYZE) search_documents`.execute(db);
    await refreshRecencyMarks(db);
    console.log("compacted");
  } else if (process.argv.includes("--bulk") && process.argv.includes("--finish")) {
    await bulkReindexPostgres(db, true, { from: Number.MAX_SAFE_INTEGER });
    await finishBulk(db);
    console.log("bulk reindex finished");
  } else if (process.argv.includes("--bulk")) {
    await bulkReindexPostgres(db, true, { from: num("from"), to: num("to") });
    console.log("bulk reindex done");
  } else {
    const n = await reindex(db, arg as "postgres" | "meilisearch" | "all");
    console.log(`reindexed ${n} items`);
  }
  await db.destroy();
}
