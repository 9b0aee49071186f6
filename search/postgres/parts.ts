import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/types";
import { compoundCandidates, decompound, MIN_COMPOUND } from "../compound";
import type { ParsedQuery } from "../query";

type Db = Kysely<Database>;

// Compounds in the query direction (issue 18): "upphandlingsprocessen" also finds documents
// about upphandling and process, ranked below the compound itself (RANKING.part). The split uses
// the same lexicon as indexing (search/compound.ts: the vocabulary plus a base list), so a word
// is split only into known words. Parts are global vocabulary, but they only widen the match:
// every result still passes the viewer's scope, and parts are never shown as suggestions.

/** The query with each long one-word item's known parts attached (one vocabulary lookup); `q` itself when none split. */
export async function withParts(db: Db, q: ParsedQuery): Promise<ParsedQuery> {
  const long = q.words.filter((w) => w.length >= MIN_COMPOUND);
  if (long.length === 0) return q;
  const candidates = compoundCandidates(long);
  const { rows } = await sql<{ word: string }>`SELECT word FROM search_terms WHERE word = ANY(${candidates}::text[])`.execute(db);
  const known = new Set(rows.map((r) => r.word));
  let changed = false;
  const groups = q.groups.map((g) => g.map((it) => {
    if (it.negated || it.synonym || it.words.length !== 1 || it.words[0].length < MIN_COMPOUND) return it;
    const parts = decompound([it.words[0]], known).filter((p) => p !== it.words[0]);
    if (parts.length < 2) return it;
    changed = true;
    return { ...it, parts };
  }));
  return changed ? { ...q, groups } : q;
}
