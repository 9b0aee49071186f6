import type { DomainCtx } from "../lib/ctx.server";
import type { Locale } from "../lib/i18n/resources";
import { parseQuery } from "../../search/query";
import { searchWithFallback, suggestWords } from "../../search/engine";
import { emptyFilters, type FacetValue, type SearchFilters, type SearchHit } from "../../search/types";
import { allOrganisations, allTags, hitAuthors, hitSharedNames, orgIdsBySlug, tagNames } from "./search.repo.server";
import { mergeTypedFilters, resolveOrgs, resolveTags, type SearchMessage } from "./typed-filters";
import { PER_PAGE, type SearchParams } from "./schemas";

export type HitView = Omit<SearchHit, "score" | "orgId"> & {
  org: { slug: string; name: string } | null; tagLabels: { slug: string; name: string }[]; author: { handle: string; name: string } | null;
  /** Names of the organisations the item (a reply: its thread) is shared with, for the visibility badge. */
  sharedWith: string[];
};
export type FacetView = { value: string; label: string; count: number };

export type SearchPage = {
  state: "start" | "results" | "failed";
  params: SearchParams;
  messages: SearchMessage[];
  total: number;
  /** More matches than the ranking window: show "more than". */
  capped: boolean;
  pages: number;
  mode: "all" | "any" | "browse";
  didYouMean: string | null;
  /** The words were corrected (missing å/ä/ö, typos): the text searched instead of what was typed. */
  searchedFor: string | null;
  /** Soft AND: words some of the results lack, and how many had every word. */
  missing: string[];
  strictTotal: number | null;
  fallback: boolean;
  hits: HitView[];
  facets: Record<"kind" | "tag" | "org" | "area" | "status" | "answered", FacetView[]>;
};

const isTimeout = (e: unknown) => (e as { code?: string })?.code === "57014";

/**
 * Searches for the signed-in (or anonymous) viewer. Everything returned — hits, counts, facets,
 * snippets and "did you mean" — comes only from content the viewer may read (the engine applies
 * visibleTo). Bad input never throws: it becomes a message or an empty result.
 */
export async function searchForViewer(ctx: DomainCtx, input: SearchParams, locale: Locale): Promise<SearchPage> {
  const parsed = parseQuery(input.q);
  const { params, messages } = mergeTypedFilters(input, parsed);
  const orgs = await allOrganisations(ctx.db);
  const orgById = new Map(orgs.map((o) => [String(o.id), o]));
  const orgsTyped = resolveOrgs(params.org, orgs.map((o) => ({ id: String(o.id), slug: o.slug, name: o.name })));
  const found = orgsTyped.found;
  messages.push(...orgsTyped.messages);
  params.org = [...new Set(found.map((o) => o.slug))];
  const tagsTyped = params.tag.length ? resolveTags(params.tag, await allTags(ctx.db)) : { found: [], messages: [] };
  messages.push(...tagsTyped.messages);
  params.tag = tagsTyped.found;
  const filters: SearchFilters = {
    ...emptyFilters(),
    kinds: params.typ, tags: params.tag, orgs: found.map((o) => String(o.id)), areas: params.area, statuses: params.status,
    answered: params.answered ?? null, from: params.from ? new Date(params.from) : null, to: params.to ? new Date(params.to) : null,
  };
  const page: SearchPage = {
    state: "start", params, messages, total: 0, capped: false, pages: 0, mode: "browse", didYouMean: null,
    searchedFor: null, missing: [], strictTotal: null, fallback: false, hits: [],
    facets: { kind: [], tag: [], org: [], area: [], status: [], answered: [] },
  };
  const hasFilters = filters.kinds.length + filters.tags.length + filters.orgs.length + filters.areas.length + filters.statuses.length > 0
    || filters.answered !== null || filters.from !== null || filters.to !== null;
  if (parsed.words.length === 0) {
    // Only operators (tag:inköp) is a complete search: no "no words" warning beside its results.
    const typed = Object.values(parsed.filters).some((v) => v.length > 0);
    if (input.q.trim() && !parsed.text && !typed) messages.push({ key: "search:msg.noWords" });
    if (!hasFilters) return page;
  }
  try {
    const r = await searchWithFallback(ctx.db, { text: parsed.text, filters, page: params.page, perPage: PER_PAGE, sort: params.sort ?? "relevance", exact: params.exact === "1" }, ctx.viewer);
    const tags = await tagNames(ctx.db, [...new Set([...r.hits.flatMap((h) => h.tags), ...r.facets.tag.map((f) => f.value)])]);
    const tagLabel = (slug: string) => {
      const t = tags.find((x) => x.slug === slug);
      return t ? (locale === "en" ? t.name_en : t.name_sv) : slug;
    };
    const orgView = (id: string) => {
      const o = orgById.get(id);
      return o ? { slug: o.slug, name: o.name } : null;
    };
    page.state = "results";
    page.total = r.total;
    page.capped = Boolean(r.capped);
    page.pages = Math.min(Math.ceil(r.total / PER_PAGE), 50);
    page.mode = r.mode;
    page.didYouMean = r.didYouMean;
    page.searchedFor = r.searchedFor ?? null;
    page.missing = r.missing ?? [];
    page.strictTotal = r.strictTotal ?? null;
    page.fallback = r.fallback;
    const sharedKey = (h: Pick<SearchHit, "type" | "id" | "parentId">) => (h.type === "case" ? `case:${h.id}` : `thread:${h.type === "post" ? h.parentId : h.id}`);
    const restricted = r.hits.filter((h) => h.visibility === "organisation");
    const [authors, shared] = await Promise.all([
      hitAuthors(ctx.db, r.hits),
      hitSharedNames(
        ctx.db,
        restricted.flatMap((h) => (h.type === "case" ? [] : [h.type === "post" ? h.parentId ?? "" : h.id])).filter(Boolean),
        restricted.flatMap((h) => (h.type === "case" ? [h.id] : [])),
      ),
    ]);
    page.hits = r.hits.map(({ score: _s, orgId, ...h }) => ({
      ...h, org: orgView(orgId), tagLabels: h.tags.map((s) => ({ slug: s, name: tagLabel(s) })), author: authors.get(`${h.type}:${h.id}`) ?? null,
      sharedWith: shared.get(sharedKey(h)) ?? [],
    }));
    const plain = (list: FacetValue[]) => list.map((f) => ({ value: f.value, label: f.value, count: f.count }));
    page.facets = {
      kind: plain(r.facets.kind),
      tag: r.facets.tag.slice(0, 15).map((f) => ({ value: f.value, label: tagLabel(f.value), count: f.count })),
      org: r.facets.org.map((f) => ({ value: orgById.get(f.value)?.slug ?? f.value, label: orgById.get(f.value)?.name ?? f.value, count: f.count })),
      area: plain(r.facets.area),
      status: plain(r.facets.status),
      answered: plain(r.facets.answered),
    };
  } catch (e) {
    if (!isTimeout(e)) throw e;
    page.state = "failed";
    messages.push({ key: "search:msg.timeout" });
  }
  return page;
}

/** Word completions for the search box, from what the viewer may read. */
export async function suggestForViewer(ctx: DomainCtx, prefix: string): Promise<string[]> {
  if (prefix.trim().length < 2 || prefix.length > 100) return [];
  try {
    return await suggestWords(ctx.db, prefix, ctx.viewer);
  } catch (e) {
    if (isTimeout(e)) return [];
    throw e;
  }
}
