import type { DomainCtx } from "../lib/ctx.server";
import { MIN_CELL, readAudienceKey } from "../policy";
import { summaryAnswers, summaryCases } from "./summary.repo.server";

// The home page's summary band (issue 15: "a smaller public summary on the home page"): four
// network figures counted only over what the viewer may read (signed out: public items), each
// linking to the list behind it. A figure whose base is under MIN_CELL is left out; with none
// left the band is not shown. Cheap: three aggregates (the answers from the materialised
// insight_question_cells), cached per audience (readAudienceKey) for SUMMARY_TTL_MS.

export type SummaryFigure = {
  key: "cases" | "evaluated" | "crossOrg" | "adoptions";
  value: number;
  /** What the value is counted over (shown in the text: "of 120 answers"). */
  base: number;
  percent: boolean;
  href: string;
};
/** `min`: the smallest base a figure is shown for (MIN_CELL), said under the band. */
export type HomeSummary = { figures: SummaryFigure[]; min: number };

export const SUMMARY_TTL_MS = 60_000;
const MAX_KEYS = 500;
const pct = (part: number, whole: number) => (whole > 0 ? Math.round((100 * part) / whole) : 0);

/** The figures for this viewer, computed now (no cache). */
export async function computeHomeSummary(ctx: Pick<DomainCtx, "db" | "viewer">): Promise<HomeSummary> {
  const [c, a] = await Promise.all([summaryCases(ctx.db, ctx.viewer), summaryAnswers(ctx.db, ctx.viewer)]);
  const all: (SummaryFigure | null)[] = [
    c.cases >= MIN_CELL ? { key: "cases", value: c.cases, base: c.cases, percent: false, href: "/cases" } : null,
    c.cases >= MIN_CELL ? { key: "evaluated", value: pct(c.evaluated, c.cases), base: c.cases, percent: true, href: "/cases?evaluated=own_followup&evaluated=formal" } : null,
    a.answers >= MIN_CELL ? { key: "crossOrg", value: pct(a.cross, a.answers), base: a.answers, percent: true, href: "/threads?kind=question" } : null,
    c.adoptions >= MIN_CELL ? { key: "adoptions", value: c.adoptions, base: c.adoptions, percent: false, href: "/cases?sort=adoptions" } : null,
  ];
  return { figures: all.filter((f): f is SummaryFigure => f !== null), min: MIN_CELL };
}

const cache = new Map<string, { until: number; value: Promise<HomeSummary> }>();

/** The figures for this viewer, from a short per-audience cache (viewers with the same key count the same items). */
export function homeSummary(ctx: Pick<DomainCtx, "db" | "viewer" | "now">): Promise<HomeSummary> {
  const key = readAudienceKey(ctx.viewer);
  const t = ctx.now.getTime();
  const hit = cache.get(key);
  if (hit && hit.until > t) return hit.value;
  if (cache.size >= MAX_KEYS) cache.clear();
  const value = computeHomeSummary(ctx);
  cache.set(key, { until: t + SUMMARY_TTL_MS, value });
  value.catch(() => { if (cache.get(key)?.value === value) cache.delete(key); });
  return value;
}

/** Forgets every cached summary (tests; after a refresh of the facts, figures may be a minute old otherwise). */
export function clearHomeSummaryCache() {
  cache.clear();
}
