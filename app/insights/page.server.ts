import type { DomainCtx } from "../lib/ctx.server";
import { parseForm, type FieldErrors } from "../lib/forms.server";
import type { Locale } from "../lib/i18n/resources";
import { canViewInsights } from "../policy";
import { notFound } from "../lib/http.server";
import { insightsFor } from "./insights.server";
import { buildPanels } from "./panels.server";
import { defaultPeriod, filterSchema, type FilterInput } from "./schemas";
import type { PanelView } from "./view";

export type FilterValues = { from: string; to: string; org: string; area: string };
export type InsightsPage =
  | { ok: true; filters: FilterValues; panels: PanelView[]; networkWide: boolean }
  | { ok: false; filters: FilterValues; errors: FieldErrors };

/** Reads the filters from the URL (defaults: the last twelve months, everything). */
export function readFilters(url: URL, now: Date): { ok: true; data: FilterInput } | { ok: false; errors: FieldErrors; values: FilterValues } {
  const d = defaultPeriod(now);
  const sp = url.searchParams;
  const values: FilterValues = {
    from: (sp.get("from") ?? d.from).slice(0, 20), to: (sp.get("to") ?? d.to).slice(0, 20),
    org: (sp.get("org") ?? "").slice(0, 100), area: (sp.get("area") ?? "").slice(0, 100),
  };
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.set(k, v);
  const p = parseForm(filterSchema, fd);
  return p.ok ? { ok: true, data: p.data } : { ok: false, errors: p.errors, values };
}

/**
 * The /insights page for a request URL: 404 for anyone who may not see insights (before the
 * filters are even read), a field-marked failure for bad filters, else every panel.
 */
export async function insightsPage(ctx: DomainCtx, url: URL, locale: Locale): Promise<InsightsPage> {
  if (!canViewInsights(ctx.viewer)) notFound();
  const f = readFilters(url, ctx.now);
  if (!f.ok) return { ok: false, filters: f.values, errors: f.errors };
  const filters: FilterValues = { from: f.data.from, to: f.data.to, org: f.data.org, area: f.data.area };
  const data = await insightsFor(ctx, f.data);
  if (!data.ok) return { ok: false, filters, errors: data.errors };
  return { ok: true, filters, networkWide: data.networkWide, panels: buildPanels(data, locale, { orgSlug: f.data.org, area: f.data.area }) };
}
