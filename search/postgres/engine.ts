import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/types";
import type { Viewer } from "../../app/policy/types";
import { parseQuery, type ParsedQuery } from "../query";
import type { DocKey, SearchDocument, SearchEngine, SearchRequest, SearchResult } from "../types";
import { deleteDocuments, upsertDocuments } from "./indexer";
import { runSearch } from "./search";
import { WINDOW } from "./plan";
import { completeWord, didYouMean } from "./suggest";

type Db = Kysely<Database>;

/** Every search statement is bounded: a query that needs more than this is cancelled. */
export const STATEMENT_TIMEOUT_MS = 1000;

/** A query with this many words is a question: rank by any word instead of requiring all. */
export const QUESTION_WORDS = 4;


/** Runs `fn` in a transaction whose statements are cancelled after STATEMENT_TIMEOUT_MS. */
export async function bounded<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL statement_timeout = ${sql.lit(`${STATEMENT_TIMEOUT_MS}ms`)}`.execute(trx);
    return fn(trx);
  });
}

/** The default engine: PostgreSQL full-text search over search_documents. */
export class PostgresEngine implements SearchEngine {
  readonly name = "postgres" as const;
  constructor(private readonly db: Db) {}

  index(docs: SearchDocument[]) {
    return upsertDocuments(this.db, docs);
  }

  remove(keys: DocKey[]) {
    return deleteDocuments(this.db, keys);
  }

  /** Searches `req.text` (already stripped of typed filters) within the viewer's scope. */
  async search(req: SearchRequest, viewer: Viewer | null): Promise<SearchResult> {
    const q: ParsedQuery = parseQuery(req.text);
    return bounded(this.db, async (trx) => {
      if (q.words.length === 0) {
        const { plan: _plan, ...r } = await runSearch(trx, null, req, viewer, "browse");
        return { engine: this.name, ...r, mode: "browse", didYouMean: null };
      }
      const question = q.words.length >= QUESTION_WORDS;
      let mode: "all" | "any" = question ? "any" : "all";
      let r = await runSearch(trx, q, req, viewer, mode);
      // A window whose walks stopped early by the estimate came up (nearly) empty: read the whole budget once.
      if (r.plan?.kind === "window" && r.plan.recent.some((t) => t.rows !== null && t.rows < WINDOW.maxRows) && r.total < 3) {
        r = await runSearch(trx, q, req, viewer, mode, true);
      }
      if (mode === "all" && r.total === 0 && !r.capped && q.words.length > 1) {
        mode = "any";
        r = await runSearch(trx, q, req, viewer, mode);
      }
      const suggestion = r.total < 3 ? await didYouMean(trx, q.words, viewer) : null;
      const { plan: _plan, ...result } = r;
      return { engine: this.name, ...result, mode, didYouMean: suggestion };
    });
  }

  suggest(prefix: string, viewer: Viewer | null, limit = 6) {
    return bounded(this.db, (trx) => completeWord(trx, prefix, viewer, limit));
  }
}
