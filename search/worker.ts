import { sql, type Kysely } from "kysely";
import type { Task, TaskList } from "graphile-worker";
import type { Database } from "../db/types";
import { meiliConfigFromEnv, type MeiliConfig } from "./meilisearch/client";
import { MeiliEngine } from "./meilisearch/engine";
import { refreshStatistics } from "./postgres/indexer";
import { syncPostgresDocument } from "./sync";
import type { DocKey, SearchDocType, SearchDocument } from "./types";

type Db = Kysely<Database>;

export const BATCH = 200;
/** After this many failed attempts an outbox row is set aside (processed, with its last error). */
export const MAX_ATTEMPTS = 10;

type OutboxRow = { id: string; doc_type: SearchDocType; doc_id: string };

/**
 * Applies pending outbox rows: rebuilds each item's PostgreSQL document from the source tables
 * (idempotent; usually already done in the write's transaction) and sends the same change to
 * Meilisearch when configured. Rows are claimed with SKIP LOCKED, so several workers can run.
 * Returns how many rows were applied; throws (after recording the error) when Meilisearch fails,
 * so the job library retries with backoff.
 */
export async function drainOutbox(db: Db, cfg: MeiliConfig | null = meiliConfigFromEnv()): Promise<number> {
  let total = 0;
  for (;;) {
    let claimed: OutboxRow[] = [];
    try {
      const n = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<OutboxRow>`
          SELECT id, doc_type, doc_id FROM search_outbox
          WHERE processed_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`.execute(trx);
        claimed = rows;
        if (rows.length === 0) return 0;
        const seen = new Map<string, { type: SearchDocType; id: string }>();
        for (const r of rows) seen.set(`${r.doc_type}:${r.doc_id}`, { type: r.doc_type, id: r.doc_id });
        const upserted: SearchDocument[] = [];
        const removed: DocKey[] = [];
        for (const k of seen.values()) {
          const r = await syncPostgresDocument(trx, k.type, k.id);
          upserted.push(...r.upserted);
          removed.push(...r.removed);
        }
        if (cfg) {
          const meili = new MeiliEngine(trx, cfg);
          await meili.index(upserted);
          await meili.remove(removed);
        }
        await sql`UPDATE search_outbox SET processed_at = now(), last_error = NULL
                  WHERE id = ANY(${rows.map((r) => r.id)}::bigint[])`.execute(trx);
        return rows.length;
      });
      if (n === 0) return total;
      total += n;
    } catch (e) {
      const ids = claimed.map((r) => r.id);
      if (ids.length) {
        await sql`UPDATE search_outbox SET attempts = attempts + 1, last_error = ${String((e as Error).message).slice(0, 500)},
                    processed_at = CASE WHEN attempts + 1 >= ${MAX_ATTEMPTS} THEN now() ELSE NULL END
                  WHERE id = ANY(${ids}::bigint[])`.execute(db);
      }
      throw e;
    }
  }
}

/** Pushes every PostgreSQL document to Meilisearch (used by reindex and after an outage). */
export async function pendingCount(db: Db): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM search_outbox WHERE processed_at IS NULL`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** The job that sends the synonym groups to Meilisearch; queued in the transaction of an admin's change. */
export const SYNONYMS_TASK = "search_synonyms";

/** Meilisearch, when configured, gets the synonym groups the PostgreSQL engine reads from its tables. */
export async function syncSynonyms(db: Db, cfg: MeiliConfig | null = meiliConfigFromEnv()): Promise<void> {
  if (cfg) await new MeiliEngine(db, cfg).syncSynonyms();
}

/** The graphile-worker tasks of the search capability. */
export function searchTasks(db: Db): TaskList {
  const drain: Task = async () => {
    await drainOutbox(db);
  };
  const stats: Task = async () => {
    await refreshStatistics(db);
    await syncSynonyms(db); // hourly: tag synonyms edited anywhere reach Meilisearch too
  };
  const synonyms: Task = async () => {
    await syncSynonyms(db);
  };
  const prune: Task = async () => {
    await sql`DELETE FROM search_outbox WHERE processed_at < now() - interval '7 days'`.execute(db);
  };
  return { search_drain: drain, search_stats: stats, search_prune: prune, [SYNONYMS_TASK]: synonyms };
}

/** Cron lines for graphile-worker: statistics hourly, outbox pruning nightly, a drain each minute as a safety net. */
export const SEARCH_CRONTAB = ["* * * * * search_drain", "7 * * * * search_stats", "30 3 * * * search_prune"].join("\n");
