import type { DomainCtx } from "../lib/ctx.server";
import { canEditCase, canReadCase, canReadThread } from "../policy";
import { threadFacts } from "../forum/mappers";
import * as repo from "./cases.repo.server";
import { scopeOf } from "./mappers";
import { AREAS, EVALUATED, RISKS, STATUSES, TECHNIQUES } from "./constants";
import { todayIn } from "./dates";
import { toSummary } from "./mappers";
import type { ListQuery } from "./schemas";
import type { CaseSummary, FacetCount, FacetKey, Facets } from "./types";

// Reading many cases: the list with facets, the home page, organisation pages, content health.

export const PAGE_SIZE = 20;
const FACET_KEYS: FacetKey[] = ["area", "status", "technique", "org", "evaluated", "risk", "tag"];
const ORDER: Partial<Record<FacetKey, readonly string[]>> = { area: AREAS, status: STATUSES, technique: TECHNIQUES, evaluated: EVALUATED, risk: RISKS };

function sortFacet(key: FacetKey, rows: FacetCount[]): FacetCount[] {
  const order = ORDER[key];
  if (order) return rows.sort((a, b) => order.indexOf(a.value) - order.indexOf(b.value));
  return rows.sort((a, b) => b.count - a.count || (a.label ?? "").localeCompare(b.label ?? "", "sv"));
}

/**
 * Anyone: published cases the viewer may read, filtered, sorted and paged, with facet counts
 * that only count what the viewer may read (each facet ignores its own filter, so choices stay
 * visible; a chosen value with no matches is still listed with 0).
 */
export async function listCases(ctx: DomainCtx, q: ListQuery): Promise<{ cases: CaseSummary[]; total: number; facets: Facets; page: number; pageCount: number }> {
  const today = todayIn(ctx.now);
  const [rows, total, ...facetRows] = await Promise.all([
    repo.listPublished(ctx.db, ctx.viewer, q, PAGE_SIZE, (q.page - 1) * PAGE_SIZE),
    repo.countPublished(ctx.db, ctx.viewer, q),
    ...FACET_KEYS.map((k) => repo.facetCounts(ctx.db, ctx.viewer, q, k)),
  ]);
  const facets = {} as Facets;
  FACET_KEYS.forEach((k, i) => {
    const counts: FacetCount[] = facetRows[i].map((r) => ({
      value: r.value, ...(r.label ? { label: r.label } : {}), ...(r.label_en ? { labelEn: r.label_en } : {}), count: Number(r.n),
    }));
    const chosen = (q[k] as string[]).filter((v) => !counts.some((c) => c.value === v));
    facets[k] = sortFacet(k, [...counts, ...chosen.map((value) => ({ value, count: 0 }))]);
  });
  return { cases: rows.map((r) => toSummary(r, today)), total, facets, page: q.page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

/**
 * Anyone: the same published cases as listCases (same filters, same read rule), newest first by
 * id, one keyset page at a time (the API's cursor pagination; the page keeps its numbered pages).
 */
export async function listCasesAfter(ctx: DomainCtx, q: ListQuery, beforeId: string | undefined, limit: number): Promise<{ cases: CaseSummary[]; more: boolean }> {
  if (beforeId !== undefined && !/^\d{1,18}$/.test(beforeId)) return { cases: [], more: false };
  const rows = await repo.listPublishedKeyset(ctx.db, ctx.viewer, q, limit + 1, beforeId);
  const today = todayIn(ctx.now);
  return { cases: rows.slice(0, limit).map((r) => toSummary(r, today)), more: rows.length > limit };
}

/** Anyone: the n most recently published cases the viewer may read (home page). */
export async function latestCases(ctx: DomainCtx, n: number): Promise<CaseSummary[]> {
  const rows = await repo.latestRows(ctx.db, ctx.viewer, Math.min(Math.max(n, 1), 50));
  return rows.map((r) => toSummary(r, todayIn(ctx.now)));
}

/** Anyone: an organisation's cases the viewer may read; its editors also see drafts and hidden ones. */
export async function listOrgCases(ctx: DomainCtx, orgId: string): Promise<CaseSummary[]> {
  if (!/^\d{1,18}$/.test(orgId)) return [];
  const rows = await repo.orgCaseRows(ctx.db, ctx.viewer, orgId);
  const today = todayIn(ctx.now);
  return rows.filter((r) => canReadCase(ctx.viewer, scopeOf(r))).map((r) => toSummary(r, today));
}

/**
 * Content health. With an organisation: its published cases past their review-by date that the
 * viewer may read (for its page). Without: those the viewer may edit or moderate (owners and
 * moderators, for the review queue).
 */
export async function listNeedsReview(ctx: DomainCtx, orgId?: string): Promise<CaseSummary[]> {
  if (orgId !== undefined && !/^\d{1,18}$/.test(orgId)) return [];
  const today = todayIn(ctx.now);
  const rows = await repo.pastReviewRows(ctx.db, ctx.viewer, today, orgId);
  const keep = (r: (typeof rows)[number]) => {
    const s = scopeOf(r);
    return orgId ? canReadCase(ctx.viewer, s) : canEditCase(ctx.viewer, s);
  };
  return rows.filter(keep).map((r) => toSummary(r, today));
}

/** Anyone who may read the thread: the published case promoted from it that they may read, if any. */
export async function caseForThread(ctx: DomainCtx, threadId: string): Promise<{ id: string; slug: string; title: string } | null> {
  if (!/^\d{1,18}$/.test(threadId)) return null;
  const thread = await repo.threadScope(ctx.db, threadId);
  if (!thread || !canReadThread(ctx.viewer, threadFacts(thread))) return null;
  const rows = await repo.casesFromThread(ctx.db, threadId);
  const c = rows.find((r) => canReadCase(ctx.viewer, scopeOf(r)));
  return c ? { id: c.id, slug: c.slug, title: c.title } : null;
}
