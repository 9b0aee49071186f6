import { barsX } from "./charts.server";
import type { Insights } from "./insights.server";
import { FEW_HITS } from "./constants";
import { suppressedText, type Fmt } from "./panels.server";
import type { Cell, PanelView } from "./view";

// The search and health panels. Search figures are network-wide (the log has no organisation or
// area: it does not know who searched); groups under three searches are never shown.

const n = (v: number, f: Fmt): Cell => ({ text: f.number(v), num: true });
const searchHref = (q: string) => `/search?q=${encodeURIComponent(q)}`;

export function searchPanels(d: Insights, f: Fmt): PanelView[] {
  const { t } = f;
  const s = d.search;
  const queryRows = (rows: typeof s.top) => rows.map((r) => [{ text: r.query, href: searchHref(r.query) }, n(r.n, f), n(r.avgHits, f), n(r.asked, f)]);
  const head = [t("insights:query"), t("insights:searches"), t("insights:avgHits"), t("insights:askedAfter")];
  const note = t("insights:panels.search.note", { min: 3 });
  const top: PanelView = {
    id: "search-top", group: "search", title: t("insights:panels.top.title"),
    summary: s.top.length ? t("insights:panels.top.summary", { query: s.top[0].query, top: s.top[0].n }) : t("insights:panels.search.empty"),
    svg: s.top.length ? barsX(s.top, { y: "query", x: "n", domain: s.top.map((r) => r.query), label: t("insights:panels.top.title"), xLabel: t("insights:searches") }) : null,
    head, rows: queryRows(s.top), note, empty: s.top.length === 0,
  };
  const gaps: PanelView = {
    id: "search-gaps", group: "search", title: t("insights:panels.gaps.title"),
    summary: s.gaps.length ? t("insights:panels.gaps.summary", { count: s.gaps.length, few: FEW_HITS, query: s.gaps[0].query }) : t("insights:panels.gaps.empty", { few: FEW_HITS }),
    svg: s.gaps.length ? barsX(s.gaps, { y: "query", x: "n", domain: s.gaps.map((r) => r.query), label: t("insights:panels.gaps.title"), xLabel: t("insights:searches") }) : null,
    head, rows: queryRows(s.gaps), note, empty: s.gaps.length === 0,
  };
  const asked: PanelView = {
    id: "search-asked", group: "search", title: t("insights:panels.asked.title"),
    summary: s.asked.searches ? t("insights:panels.asked.summary", { asked: s.asked.asked, count: s.asked.searches, share: f.pct(s.asked.asked, s.asked.searches) }) : t("insights:panels.search.empty"),
    svg: null, head, rows: queryRows(s.asked.queries), note, empty: s.asked.searches === 0,
  };
  return [top, gaps, asked];
}

export function healthPanel(d: Insights, f: Fmt): PanelView {
  const { t } = f;
  const h = d.health;
  const hidden = h.hidden.threads + h.hidden.posts + h.hidden.cases;
  const reasons = h.reasons.filter((r) => !r.suppressed && (r.opened ?? 0) > 0).map((r) => ({ name: t(`moderation:reasons.${r.reason}`), n: r.opened ?? 0 }));
  const rows: Cell[][] = [
    [{ text: t("insights:total"), href: "/mod/queue" }, n(h.total.opened, f), n(h.total.handled, f), n(h.total.openNow, f), { text: f.duration(h.total.medianH) }],
    ...h.reasons.map((r) => r.suppressed
      ? [{ text: t(`moderation:reasons.${r.reason}`) }, { text: suppressedText(f) }, { text: suppressedText(f) }, { text: suppressedText(f) }, { text: suppressedText(f) }]
      : [{ text: t(`moderation:reasons.${r.reason}`) }, n(r.opened ?? 0, f), n(r.handled ?? 0, f), n(r.openNow ?? 0, f), { text: f.duration(r.medianH) }]),
    [{ text: t("insights:hiddenThreads") }, n(h.hidden.threads, f), { text: "" }, { text: "" }, { text: "" }],
    [{ text: t("insights:hiddenPosts") }, n(h.hidden.posts, f), { text: "" }, { text: "" }, { text: "" }],
    [{ text: t("insights:hiddenCases") }, n(h.hidden.cases, f), { text: "" }, { text: "" }, { text: "" }],
  ];
  return {
    id: "health", group: "health", title: t("insights:panels.health.title"),
    summary: t("insights:panels.health.summary", { opened: h.total.opened, handled: h.total.handled, median: f.duration(h.total.medianH), hidden }),
    svg: reasons.length ? barsX(reasons, { y: "name", x: "n", domain: reasons.map((r) => r.name), label: t("insights:panels.health.chart"), xLabel: t("insights:flagsOpened") }) : null,
    head: [t("insights:what"), t("insights:openedOrCount"), t("insights:flagsHandled"), t("insights:openNow"), t("insights:timeToHandle")],
    rows, note: t("insights:panels.health.note"), more: { text: t("insights:more.queue"), href: "/mod/queue" },
    empty: false,
  };
}
