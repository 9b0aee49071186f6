import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/types";
import type { Viewer } from "../../app/policy/types";
import { parseQuery, type ParsedQuery } from "../query";
import type { DocKey, SearchDocument, SearchEngine, SearchRequest, SearchResult } from "../types";
import { deleteDocuments, upsertDocuments } from "./indexer";
import { runSearch, type RunResult } from "./search";
import { applyCorrections, corrections } from "./correct";
import { withParts } from "./parts";
import { withSynonyms } from "./synonyms";
import { WINDOW } from "./plan";
import { completeWord, didYouMean, visibleWords } from "./suggest";

type Db = Kysely<Database>;

/** Every search statement is bounded: a query that needs more than this is cancelled. */
export const STATEMENT_TIMEOUT_MS = 1000;

/** A query with this many words is a question: rank by any word instead of requiring all. */
export const QUESTION_WORDS = 4;


/** Soft AND: a keyword search with fewer than `few` documents holding every word also shows the best of those holding some. */
export const SOFT_AND = { few: 3, /** A keyword compound is widened to its parts below this many results. */ partsFew: 2 };

/** The forgiving paths, each on by default; switched off only by bench:search to measure their cost. */
export const FORGIVING = { synonyms: true, parts: true, relax: true, corrections: true };

type Attempt = { r: RunResult; mode: "all" | "any"; relaxed: boolean; strictTotal: number };

/**
 * One query: every word (keywords) or any (questions). Questions search compound parts from the
 * start (measured on SweFAQ dev); a keyword search with few results is widened step by step:
 * first by its compounds' parts (upphandlingsprocessen → upphandling, process), then to any word
 * (soft AND). Each step is kept only when it finds more.
 */
async function attempt(trx: Db, typed: ParsedQuery, req: SearchRequest, viewer: Viewer | null): Promise<Attempt> {
  const question = typed.words.length >= QUESTION_WORDS || (req.similar === true && typed.words.length > 1);
  const mode: "all" | "any" = question ? "any" : "all";
  // Admin synonyms are alternatives of the word typed (dpia | konsekvensbedömning), in every search.
  const syn = FORGIVING.synonyms ? await withSynonyms(trx, typed) : typed;
  const split = FORGIVING.parts ? await withParts(trx, syn) : syn;
  // Keywords: the parts rank (a compound's parts say what it is about) but do not widen the match yet.
  const hasParts = split.groups.some((g) => g.some((it) => it.parts?.length));
  const q = question || !hasParts ? split : { ...split, partsRankOnly: true };
  let r = await runSearch(trx, q, req, viewer, mode, false, question);
  // A window whose walks stopped early by the estimate came up (nearly) empty: read the whole budget once.
  if (r.plan?.kind === "window" && r.plan.recent.some((t) => t.rows !== null && t.rows < WINDOW.maxRows) && r.total < 3) {
    r = await runSearch(trx, q, req, viewer, mode, true, question);
  }
  if (mode === "all" && r.total < SOFT_AND.partsFew && !r.capped && hasParts) {
    const wide = await runSearch(trx, split, req, viewer, "all");
    if (wide.total > r.total) r = wide;
  }
  // A quoted phrase is asked for explicitly: never relaxed.
  const quoted = typed.groups.some((g) => g.some((it) => it.quoted));
  if (FORGIVING.relax && mode === "all" && r.total < SOFT_AND.few && !r.capped && typed.words.length > 1 && !quoted) {
    const loose = await runSearch(trx, split, req, viewer, "any");
    // Documents with every word keep ranking first (RANKING.strictBonus); the rest follow.
    if (loose.total > r.total) return { r: loose, mode: "any", relaxed: true, strictTotal: r.total };
  }
  return { r, mode, relaxed: false, strictTotal: r.total };
}

/** Runs `fn` in a transaction whose statements are cancelled after STATEMENT_TIMEOUT_MS. */
export async function bounded<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    // Sorting a few thousand scored candidates and facets fits in memory (the default 4 MB spilled).
    await sql`SET LOCAL statement_timeout = ${sql.lit(`${STATEMENT_TIMEOUT_MS}ms`)}; SET LOCAL work_mem = '16MB'`.execute(trx);
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
    const q0: ParsedQuery = parseQuery(req.text);
    return bounded(this.db, async (trx) => {
      if (q0.words.length === 0) {
        const { plan: _plan, missing: _m, ...r } = await runSearch(trx, null, req, viewer, "browse");
        return { engine: this.name, ...r, mode: "browse", didYouMean: null };
      }
      let a = await attempt(trx, q0, req, viewer);
      let searchedFor: string | null = null;
      // Forgiving input: words no readable document holds are searched as the closest word one does
      // hold, when that finds more (search/postgres/correct.ts). "exact" searches what was typed.
      // Which of the words the viewer's documents hold: asked once for corrections and "did you mean".
      let known: Set<string> | undefined;
      const present = async () => (known ??= await visibleWords(trx, q0.words.slice(0, 8), viewer, true));
      if (FORGIVING.corrections && !req.exact && a.r.total < SOFT_AND.few) {
        const fix = await corrections(trx, q0.words, viewer, await present());
        if (fix.size > 0) {
          const q1 = applyCorrections(q0, fix);
          const b = await attempt(trx, q1, req, viewer);
          if (b.r.total > a.r.total) { a = b; searchedFor = q1.text; }
        }
      }
      const suggestion = a.r.total < 3 && !searchedFor ? await didYouMean(trx, q0.words, viewer, await present()) : null;
      const { plan: _plan, missing, ...result } = a.r;
      return {
        engine: this.name, ...result, mode: a.mode, didYouMean: suggestion, searchedFor,
        missing: a.relaxed ? missing : [], strictTotal: a.relaxed ? a.strictTotal : undefined,
      };
    });
  }

  suggest(prefix: string, viewer: Viewer | null, limit = 6) {
    return bounded(this.db, (trx) => completeWord(trx, prefix, viewer, limit));
  }
}
