import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/types";
import { wordsOf, type ParsedQuery, type QueryItem } from "../query";

type Db = Kysely<Database>;

// Admin-managed synonyms (issue 18, table search_synonyms): a query item that is a term of a
// group is also searched as the group's other terms, as alternatives in the same AND group
// ("dpia" → dpia | konsekvensbedömning). The alternatives rank with RANKING.synonym of a word's
// weight (below the word typed) and are highlighted. They only widen the tsquery: every result
// still passes the viewer's scope and the filters, like compound parts.

/** How a stored term or a query item is compared: its words, joined by one space. */
export const synonymKey = (s: string) => wordsOf(s).join(" ");

/** Keys under which an item may be stored: "ai förordningen", "ai-förordningen", "aiförordningen". */
const keysOf = (it: QueryItem) => [...new Set([it.words.join(" "), it.words.join("-"), it.words.join("")])];

/** The query with each positive unquoted item's synonyms added to its group (one lookup); `q` itself when none. */
export async function withSynonyms(db: Db, q: ParsedQuery): Promise<ParsedQuery> {
  const items = q.groups.flat().filter((it) => !it.negated && !it.quoted && !it.synonym);
  if (items.length === 0) return q;
  const keys = [...new Set(items.flatMap(keysOf))];
  const { rows } = await sql<{ terms: string[] }>`
    SELECT terms FROM search_synonyms WHERE deleted_at IS NULL AND terms && ${keys}::text[] LIMIT 50`.execute(db);
  if (rows.length === 0) return q;
  const groupsOf = rows.map((r) => r.terms);
  let changed = false;
  const groups = q.groups.map((g) => {
    const extra: QueryItem[] = [];
    const seen = new Set(g.map((it) => it.words.join(" ")));
    for (const it of g) {
      if (it.negated || it.quoted || it.synonym) continue;
      const ks = new Set(keysOf(it));
      for (const terms of groupsOf) {
        if (!terms.some((t) => ks.has(t))) continue;
        for (const t of terms) {
          const words = wordsOf(t);
          const k = words.join(" ");
          if (words.length === 0 || words.length > 4 || seen.has(k)) continue;
          seen.add(k);
          extra.push({ words, phrase: words.length > 1, negated: false, synonym: true });
        }
      }
    }
    if (extra.length === 0) return g;
    changed = true;
    return [...g, ...extra.slice(0, 6)];
  });
  return changed ? { ...q, groups } : q;
}

/** The synonym alternatives of the query (positive items marked `synonym`). */
export const synonymItems = (q: ParsedQuery) => q.groups.flat().filter((it) => it.synonym && !it.negated);
