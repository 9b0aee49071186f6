import type { TFunction } from "i18next";
import { AREAS, STATUSES } from "../cases/constants";
import { i18nFor } from "../lib/i18n/i18n";
import type { Locale } from "../lib/i18n/resources";
import { MIN_CELL } from "../policy";
import { casePanels } from "./panels-cases.server";
import { questionPanels } from "./panels-questions.server";
import { searchPanels, healthPanel } from "./panels-search.server";
import type { Insights } from "./insights.server";
import type { PanelView } from "./view";

export type Fmt = {
  t: TFunction;
  locale: Locale;
  pct: (part: number, whole: number) => number;
  duration: (hours: number | null) => string;
  number: (n: number) => string;
  /** Query string for list links: the organisation filter as the lists spell it. */
  filters: { orgId: string | null; orgSlug: string; area: string };
};

/** Every panel of the dashboard, translated, for the page and the CSV download. */
export function buildPanels(data: Insights, locale: Locale, filters: { orgSlug: string; area: string }): PanelView[] {
  const t = i18nFor(locale).t;
  const nf = new Intl.NumberFormat(locale === "sv" ? "sv-SE" : "en-GB");
  const f: Fmt = {
    t, locale,
    pct: (part, whole) => (whole > 0 ? Math.round((100 * part) / whole) : 0),
    duration: (h) => (h == null ? "–" : h < 48 ? t("insights:hours", { count: Math.max(0, Math.round(h)) }) : t("insights:days", { count: Math.round(h / 24) })),
    number: (n) => nf.format(n),
    filters: { orgId: data.orgId, ...filters },
  };
  return [...casePanels(data, f), ...questionPanels(data, f), ...searchPanels(data, f), healthPanel(data, f)];
}

export const areaName = (f: Fmt, a: string) => (a === "none" ? f.t("insights:noArea") : f.t(`cases:area.${a}`));
export const statusName = (f: Fmt, s: string) => (s === "none" ? f.t("insights:noStatus") : f.t(`cases:status.${s}`));
export const AREA_ORDER = [...AREAS, "none"];
export const STATUS_ORDER = [...STATUSES, "none"];
export const suppressedText = (f: Fmt) => f.t("insights:suppressed", { min: MIN_CELL });

/** A list URL with the dashboard's organisation (and area, where the list has one). */
export function listHref(path: string, params: Record<string, string | undefined>) {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) sp.append(k, v);
  const q = sp.toString();
  return q ? `${path}?${q}` : path;
}
