import { EVALUATED } from "../cases/constants";
import { barsX, heatMap, lines } from "./charts.server";
import type { Insights } from "./insights.server";
import { AREA_ORDER, areaName, listHref, STATUS_ORDER, statusName, type Fmt } from "./panels.server";
import type { Cell, PanelView } from "./view";

// The case and reuse panels: figures → chart, summary sentence and table.

const n = (v: number, f: Fmt): Cell => ({ text: f.number(v), num: true });
const sum = (xs: { n: number }[]) => xs.reduce((a, x) => a + x.n, 0);

type Item = { id: string; title: string | null; titled: boolean; org_name: string; date: string };
/** A listed item: its title and link only where the viewer may list it, never its organisation otherwise. */
const itemRow = (f: Fmt, x: Item): Cell[] =>
  x.titled && x.title
    ? [{ text: x.title, href: `/cases/${x.id}` }, { text: x.org_name }, { text: x.date }]
    : [{ text: f.t("insights:notVisible") }, { text: "–" }, { text: x.date }];

export function casePanels(d: Insights, f: Fmt): PanelView[] {
  const { t } = f;
  const org = f.filters.orgId ?? undefined;
  const area = f.filters.area || undefined;
  const c = d.cases;

  // Area × status
  const areasUsed = AREA_ORDER.filter((a) => c.areas.some((r) => r.area === a));
  const statusUsed = STATUS_ORDER.filter((s) => c.areas.some((r) => r.status === s));
  const byArea = areasUsed.map((a) => ({ a, n: sum(c.areas.filter((r) => r.area === a)) })).sort((x, y) => y.n - x.n);
  const totalCases = sum(c.areas);
  const areaStatus: PanelView = {
    id: "cases-area-status", group: "cases", title: t("insights:panels.areaStatus.title"),
    summary: totalCases ? t("insights:panels.areaStatus.summary", { count: totalCases, area: areaName(f, byArea[0].a), top: byArea[0].n }) : t("insights:panels.areaStatus.empty"),
    svg: totalCases ? heatMap(c.areas.map((r) => ({ ...r, areaName: areaName(f, r.area), statusName: statusName(f, r.status) })), {
      x: "statusName", y: "areaName", value: "n", xDomain: statusUsed.map((s) => statusName(f, s)), yDomain: areasUsed.map((a) => areaName(f, a)),
      label: t("insights:panels.areaStatus.title"), xLabel: t("insights:status"), yLabel: t("insights:area"),
    }) : null,
    head: [t("insights:area"), t("insights:status"), t("insights:count")],
    rows: areasUsed.flatMap((a) => statusUsed.flatMap((s) => {
      const r = c.areas.find((x) => x.area === a && x.status === s);
      return r ? [[{ text: areaName(f, a) }, { text: statusName(f, s) }, { ...n(r.n, f), href: listHref("/cases", { area: a === "none" ? undefined : a, status: s === "none" ? undefined : s, org }) }]] : [];
    })),
    more: { text: t("insights:more.cases"), href: listHref("/cases", { org, area }) },
    empty: totalCases === 0,
  };

  // New cases per month and organisation (the ten with most; the table has them all)
  const orgTotals = [...new Map(c.perMonth.map((r) => [r.orgId, { name: r.orgName, id: r.orgId, n: 0 }])).values()];
  for (const r of c.perMonth) orgTotals.find((o) => o.id === r.orgId)!.n += r.n;
  orgTotals.sort((a, b) => b.n - a.n || a.name.localeCompare(b.name, "sv"));
  const shown = orgTotals.slice(0, 10);
  const newCases: PanelView = {
    id: "cases-new", group: "cases", title: t("insights:panels.newCases.title"),
    summary: orgTotals.length ? t("insights:panels.newCases.summary", { count: sum(orgTotals), orgs: orgTotals.length, org: orgTotals[0].name, top: orgTotals[0].n }) : t("insights:panels.newCases.empty"),
    svg: orgTotals.length ? heatMap(c.perMonth.filter((r) => shown.some((o) => o.id === r.orgId)), {
      x: "month", y: "orgName", value: "n", xDomain: d.months, yDomain: shown.map((o) => o.name),
      label: t("insights:panels.newCases.title"), xLabel: t("insights:month"), yLabel: t("insights:organisation"),
    }) : null,
    head: [t("insights:month"), t("insights:organisation"), t("insights:count")],
    rows: [...c.perMonth].sort((a, b) => a.month.localeCompare(b.month) || a.orgName.localeCompare(b.orgName, "sv"))
      .map((r) => [{ text: r.month }, { text: r.orgName }, { ...n(r.n, f), href: listHref("/cases", { org: r.orgId, area }) }]),
    more: { text: t("insights:more.cases"), href: listHref("/cases", { org, area }) },
    empty: orgTotals.length === 0,
  };

  // Share evaluated per month
  const months = d.months.filter((m) => c.evaluated.some((r) => r.month === m));
  const share = months.flatMap((m) => {
    const rows = c.evaluated.filter((r) => r.month === m);
    const total = sum(rows);
    return EVALUATED.map((e) => ({ month: m, evaluated: e, n: rows.find((r) => r.evaluated === e)?.n ?? 0, total, share: f.pct(rows.find((r) => r.evaluated === e)?.n ?? 0, total) }));
  });
  const evaluatedShare = (m: string) => {
    const rows = share.filter((r) => r.month === m);
    return f.pct(sum(rows.filter((r) => r.evaluated !== "no")), rows[0]?.total ?? 0);
  };
  const allEval = sum(c.evaluated);
  const evaluatedPanel: PanelView = {
    id: "cases-evaluated", group: "cases", title: t("insights:panels.evaluated.title"),
    summary: !months.length ? t("insights:panels.evaluated.empty")
      : months.length === 1 ? t("insights:panels.evaluated.one", { share: evaluatedShare(months[0]), month: months[0] })
      : t("insights:panels.evaluated.summary", {
        verb: t(evaluatedShare(months.at(-1)!) > evaluatedShare(months[0]) ? "insights:rose" : evaluatedShare(months.at(-1)!) < evaluatedShare(months[0]) ? "insights:fell" : "insights:stayed"),
        from: evaluatedShare(months[0]), to: evaluatedShare(months.at(-1)!), fromMonth: months[0], toMonth: months.at(-1),
        all: f.pct(sum(c.evaluated.filter((r) => r.evaluated !== "no")), allEval),
      }),
    svg: months.length ? lines(share, {
      x: "month", y: "share", z: "evaluated", months: d.months.filter((m) => months.includes(m)),
      names: Object.fromEntries(EVALUATED.map((e) => [e, t(`cases:evaluated.${e}`)])), label: t("insights:panels.evaluated.title"), yLabel: t("insights:sharePct"),
    }) : null,
    head: [t("insights:month"), t("insights:evaluated"), t("insights:count"), t("insights:sharePct")],
    rows: share.map((r) => [{ text: r.month }, { text: t(`cases:evaluated.${r.evaluated}`) }, { ...n(r.n, f), href: listHref("/cases", { evaluated: r.evaluated, org, area }) }, { text: `${r.share} %`, num: true }]),
    more: { text: t("insights:more.notEvaluated"), href: listHref("/cases", { evaluated: "no", org, area }) },
    empty: months.length === 0,
  };

  const review: PanelView = {
    id: "cases-review", group: "cases", title: t("insights:panels.review.title"),
    summary: t("insights:panels.review.summary", { count: c.review.total }), svg: null,
    head: [t("insights:case"), t("insights:organisation"), t("insights:reviewBy")],
    rows: c.review.items.map((x) => itemRow(f, x)),
    note: c.review.total > c.review.items.length ? t("insights:firstN", { count: c.review.items.length }) : t("insights:nowNote"),
    more: { text: t("insights:more.health"), href: "/mod/health" },
    empty: c.review.total === 0,
  };
  const pilots: PanelView = {
    id: "cases-pilot", group: "cases", title: t("insights:panels.pilot.title"),
    summary: t("insights:panels.pilot.summary", { count: c.pilots.total }), svg: null,
    head: [t("insights:case"), t("insights:organisation"), t("insights:pilotSince")],
    rows: c.pilots.items.map((x) => itemRow(f, x)),
    note: c.pilots.total > c.pilots.items.length ? t("insights:firstN", { count: c.pilots.items.length }) : t("insights:nowNote"),
    more: { text: t("insights:more.pilots"), href: listHref("/cases", { status: "pilot", evaluated: "no", org, area }) },
    empty: c.pilots.total === 0,
  };
  return [areaStatus, newCases, evaluatedPanel, review, pilots, ...reusePanels(d, f)];
}

const STAGES = ["exploring", "pilot", "production", "dropped"] as const;

function reusePanels(d: Insights, f: Fmt): PanelView[] {
  const { t } = f;
  const org = f.filters.orgId ?? undefined;
  const r = d.reuse;
  const total = sum(r.matrix);
  const adopters = [...new Set(r.matrix.map((x) => x.adopter))].sort((a, b) => a.localeCompare(b, "sv"));
  const owners = [...new Set(r.matrix.map((x) => x.owner))].sort((a, b) => a.localeCompare(b, "sv"));
  const topPair = [...r.matrix].sort((a, b) => b.n - a.n || a.adopter.localeCompare(b.adopter, "sv"))[0];
  const matrix: PanelView = {
    id: "reuse-matrix", group: "reuse", title: t("insights:panels.matrix.title"),
    summary: total ? t("insights:panels.matrix.summary", { count: total, adopter: topPair.adopter, owner: topPair.owner, top: topPair.n, other: sum(r.matrix.filter((x) => x.adopterId !== x.ownerId)) }) : t("insights:panels.matrix.empty"),
    svg: total ? heatMap(r.matrix.slice(0, 400), { x: "owner", y: "adopter", value: "n", xDomain: owners, yDomain: adopters, label: t("insights:panels.matrix.title"), xLabel: t("insights:owner"), yLabel: t("insights:adopter") }) : null,
    head: [t("insights:adopter"), t("insights:owner"), t("insights:count")],
    rows: [...r.matrix].sort((a, b) => a.adopter.localeCompare(b.adopter, "sv") || a.owner.localeCompare(b.owner, "sv"))
      .map((x) => [{ text: x.adopter }, { text: x.owner }, { ...n(x.n, f), href: listHref("/cases", { org: x.ownerId, sort: "adoptions" }) }]),
    more: { text: t("insights:more.reused"), href: listHref("/cases", { org, sort: "adoptions" }) },
    empty: total === 0,
  };
  const reusedRows = r.reused.map((x, i) => ({ label: x.titled && x.title ? x.title : `${t("insights:notVisible")} (${i + 1})`, n: x.n, x }));
  const reused: PanelView = {
    id: "reuse-top", group: "reuse", title: t("insights:panels.reused.title"),
    summary: reusedRows.length ? t("insights:panels.reused.summary", { top: reusedRows[0].n }) : t("insights:panels.reused.empty"),
    svg: reusedRows.length ? barsX(reusedRows, { y: "label", x: "n", domain: reusedRows.map((x) => x.label), label: t("insights:panels.reused.title"), xLabel: t("insights:orgsAdopting") }) : null,
    head: [t("insights:case"), t("insights:organisation"), t("insights:orgsAdopting")],
    rows: reusedRows.map(({ label, x }) => x.titled && x.title
      ? [{ text: label, href: `/cases/${x.id}` }, { text: x.org_name }, n(x.n, f)]
      : [{ text: label }, { text: "–" }, n(x.n, f)]),
    more: { text: t("insights:more.reused"), href: listHref("/cases", { org, sort: "adoptions" }) },
    empty: reusedRows.length === 0,
  };
  const stages = STAGES.map((s) => ({ stage: s, name: t(`insights:stage.${s}`), n: r.stages.find((x) => x.stage === s)?.n ?? 0 }));
  const stageTotal = sum(stages);
  const funnel: PanelView = {
    id: "reuse-funnel", group: "reuse", title: t("insights:panels.funnel.title"),
    summary: stageTotal ? t("insights:panels.funnel.summary", { count: stageTotal, production: stages[2].n, dropped: stages[3].n }) : t("insights:panels.funnel.empty"),
    svg: stageTotal ? barsX(stages, { y: "name", x: "n", domain: stages.map((s) => s.name), label: t("insights:panels.funnel.title"), xLabel: t("insights:adoptions") }) : null,
    head: [t("insights:stage.title"), t("insights:adoptions"), t("insights:sharePct")],
    rows: stages.map((s) => [{ text: s.name }, n(s.n, f), { text: `${f.pct(s.n, stageTotal)} %`, num: true }]),
    note: t("insights:panels.funnel.note"),
    more: { text: t("insights:more.reused"), href: listHref("/cases", { org, sort: "adoptions" }) },
    empty: stageTotal === 0,
  };
  return [matrix, reused, funnel];
}
