import type { DomainCtx } from "../lib/ctx.server";
import { parseQuery } from "../../search/query";
import { PostgresEngine } from "../../search/postgres/engine";
import { emptyFilters } from "../../search/types";

// Finding before asking (issue 18): while someone types a title, the threads and cases they may
// read that ask about the same thing. The PostgreSQL engine searches the title as a question (any
// word, ranked by rare words and their 4-grams) within the viewer's scope (visibleTo, the complete
// read rule kept in search_documents), so nothing here can show what /search would not.

export type SimilarItem = { type: "thread" | "case"; id: string; title: string; path: string; kind: "question" | "discussion" | "case"; solved: boolean };

export const SIMILAR_MAX = 5;
const MIN_CHARS = 4;

/**
 * Up to `limit` threads and cases similar to `title` that the viewer may read, solved questions
 * first (then by relevance); `exclude` leaves out the page's own item ("thread:12"). Any viewer.
 */
export async function similarForViewer(ctx: DomainCtx, title: string, opts: { limit?: number; exclude?: string; casesOnly?: boolean } = {}): Promise<SimilarItem[]> {
  const text = title.slice(0, 200);
  const q = parseQuery(text);
  if (text.trim().length < MIN_CHARS || q.words.length === 0) return [];
  const limit = Math.min(opts.limit ?? SIMILAR_MAX, SIMILAR_MAX);
  const r = await new PostgresEngine(ctx.db).search(
    { text: q.text, filters: { ...emptyFilters(), kinds: opts.casesOnly ? ["case"] : [] }, page: 1, perPage: limit + 5, sort: "relevance", similar: true, exact: false },
    ctx.viewer,
  ).catch((e: { code?: string }) => {
    if (e?.code === "57014") return null; // a timed-out suggestion is no suggestion
    throw e;
  });
  if (!r) return [];
  const items: SimilarItem[] = [];
  const seen = new Set<string>(opts.exclude ? [opts.exclude] : []);
  for (const h of r.hits) {
    // A reply stands for its thread (its group), shown by the thread's title.
    const type = h.type === "case" ? "case" : "thread";
    const id = h.type === "post" ? h.parentId ?? h.id : h.id;
    const key = `${type}:${id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push({ type, id, title: h.type === "post" ? h.parentTitle : h.title, path: h.path.replace(/#.*$/, ""), kind: h.kind, solved: Boolean(h.solved) });
  }
  const top = items.slice(0, limit);
  return [...top.filter((i) => i.solved), ...top.filter((i) => !i.solved)];
}
