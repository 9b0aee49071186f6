import type { Kysely } from "kysely";
import type { Database } from "../db/types";
import type { Viewer } from "../app/policy/types";
import { meiliConfigFromEnv, type MeiliConfig } from "./meilisearch/client";
import { MeiliEngine } from "./meilisearch/engine";
import { PostgresEngine } from "./postgres/engine";
import type { SearchEngine, SearchRequest, SearchResult } from "./types";

/** The engine that answers searches: Meilisearch when MEILI_HOST is set, else PostgreSQL. */
export function primaryEngine(db: Kysely<Database>, cfg: MeiliConfig | null = meiliConfigFromEnv()): SearchEngine {
  return cfg ? new MeiliEngine(db, cfg) : new PostgresEngine(db);
}

export type EngineResult = SearchResult & { fallback: boolean };

/**
 * Searches with the primary engine; if Meilisearch fails or is down, answers from PostgreSQL
 * and says so (`fallback`), so the page can show a notice.
 */
export async function searchWithFallback(
  db: Kysely<Database>,
  req: SearchRequest,
  viewer: Viewer | null,
  cfg: MeiliConfig | null = meiliConfigFromEnv(),
): Promise<EngineResult> {
  if (cfg) {
    try {
      return { ...(await new MeiliEngine(db, cfg).search(req, viewer)), fallback: false };
    } catch (e) {
      console.warn(`search: Meilisearch failed (${(e as Error).message}); answering from PostgreSQL`);
      return { ...(await new PostgresEngine(db).search(req, viewer)), fallback: true };
    }
  }
  return { ...(await new PostgresEngine(db).search(req, viewer)), fallback: false };
}

/** Suggestions as you type, always from PostgreSQL's scoped vocabulary. */
export function suggestWords(db: Kysely<Database>, prefix: string, viewer: Viewer | null, limit = 6) {
  return new PostgresEngine(db).suggest(prefix, viewer, limit);
}
