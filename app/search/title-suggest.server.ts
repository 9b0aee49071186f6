import type { DomainCtx } from "../lib/ctx.server";
import { parseQuery } from "../../search/query";
import { searchWithFallback } from "../../search/engine";
import { emptyFilters } from "../../search/types";
import { listedTitles } from "./search.repo.server";

// The header box's title suggestions (issue 18): threads and cases whose titles match what is
// being typed. The engine finds candidates within the viewer's scope (visibleTo on the search
// documents); each is then re-checked against PostgreSQL through app/policy's list rule, and
// shown with its current title, so an item hidden or narrowed since indexing never appears.

export type TitleSuggestion = { type: "thread" | "case"; id: string; title: string; href: string; kind: "question" | "discussion" | "case" };
export const TITLES_MAX = 5;

const isTimeout = (e: unknown) => (e as { code?: string })?.code === "57014";

/** Any viewer: up to TITLES_MAX titles matching `text` that they may read, best first. */
export async function suggestTitles(ctx: DomainCtx, text: string): Promise<TitleSuggestion[]> {
  const q = parseQuery(text.slice(0, 100));
  if (text.trim().length < 2 || q.words.length === 0) return [];
  const r = await searchWithFallback(ctx.db, { text: q.text, filters: emptyFilters(), page: 1, perPage: 12, sort: "relevance", exact: false }, ctx.viewer)
    .catch((e) => { if (isTimeout(e)) return null; throw e; });
  if (!r) return [];
  const order: string[] = [];
  for (const h of r.hits) {
    const key = h.type === "case" ? `case:${h.id}` : `thread:${h.type === "post" ? h.parentId : h.id}`;
    if (!order.includes(key)) order.push(key);
  }
  const ids = (type: string) => order.filter((k) => k.startsWith(`${type}:`)).map((k) => k.slice(type.length + 1));
  const { threads, cases } = await listedTitles(ctx.db, ctx.viewer, ids("thread"), ids("case"));
  const byKey = new Map<string, TitleSuggestion>([
    ...threads.map((t) => [`thread:${t.id}`, { type: "thread" as const, id: String(t.id), title: t.title, href: `/t/${t.id}-${t.slug}`, kind: t.kind }] as const),
    ...cases.map((c) => [`case:${c.id}`, { type: "case" as const, id: String(c.id), title: c.title, href: `/cases/${c.id}-${c.slug}`, kind: "case" as const }] as const),
  ]);
  return order.map((k) => byKey.get(k)).filter((x): x is TitleSuggestion => Boolean(x)).slice(0, TITLES_MAX);
}
