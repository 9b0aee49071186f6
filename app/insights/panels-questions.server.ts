import { barsByMonth, barsX } from "./charts.server";
import type { Insights } from "./insights.server";
import { AREA_ORDER, areaName, listHref, suppressedText, type Fmt } from "./panels.server";
import type { Cell, PanelView } from "./view";

// The question panels.

const n = (v: number, f: Fmt): Cell => ({ text: f.number(v), num: true });

export function questionPanels(d: Insights, f: Fmt): PanelView[] {
  const { t } = f;
  const q = d.questions;
  const org = f.filters.orgSlug || undefined;
  const list = (status?: string) => listHref("/threads", { kind: "question", status, org });
  const total = q.total;

  const perMonth = d.months.map((m) => q.month.find((r) => r.month === m) ?? { month: m, n: 0, answered: 0, solved: 0 });
  const month: PanelView = {
    id: "questions-month", group: "questions", title: t("insights:panels.questions.title"),
    summary: total.n ? t("insights:panels.questions.summary", { count: total.n, answered: f.pct(total.answered, total.n), solved: f.pct(total.solved, total.n) }) : t("insights:panels.questions.empty"),
    svg: total.n ? barsByMonth(perMonth, { x: "month", y: "n", months: d.months, label: t("insights:panels.questions.title"), yLabel: t("insights:questions") }) : null,
    head: [t("insights:month"), t("insights:questions"), t("insights:answered"), t("insights:solved")],
    rows: [
      ...perMonth.map((r) => [{ text: r.month }, n(r.n, f), { text: `${f.number(r.answered)} (${f.pct(r.answered, r.n)} %)`, num: true }, { text: `${f.number(r.solved)} (${f.pct(r.solved, r.n)} %)`, num: true }]),
      [{ text: t("insights:total") }, { ...n(total.n, f), href: list() },
        { text: `${f.number(total.answered)} (${f.pct(total.answered, total.n)} %)`, num: true, href: list("unanswered") },
        { text: `${f.number(total.solved)} (${f.pct(total.solved, total.n)} %)`, num: true, href: list("solved") }],
    ],
    more: { text: t("insights:more.unanswered"), href: list("unanswered") },
    empty: total.n === 0,
  };

  const areas = AREA_ORDER.flatMap((a) => q.area.filter((r) => r.area === a));
  const shownAreas = areas.filter((r) => !r.suppressed && r.firstMedianH != null).map((r) => ({ name: areaName(f, r.area), h: Math.round(r.firstMedianH! * 10) / 10 }));
  const timeCells = (r: { n: number; firstMedianH: number | null; acceptedMedianH: number | null; suppressed: boolean }): Cell[] =>
    r.suppressed ? [n(r.n, f), { text: suppressedText(f) }, { text: suppressedText(f) }] : [n(r.n, f), { text: f.duration(r.firstMedianH) }, { text: f.duration(r.acceptedMedianH) }];
  const times: PanelView = {
    id: "questions-times", group: "questions", title: t("insights:panels.times.title"),
    summary: total.n ? t("insights:panels.times.summary", { first: f.duration(total.firstMedianH), accepted: f.duration(total.acceptedMedianH) }) : t("insights:panels.questions.empty"),
    svg: shownAreas.length ? barsX(shownAreas, { y: "name", x: "h", domain: shownAreas.map((x) => x.name), label: t("insights:panels.times.chart"), xLabel: t("insights:hoursLabel") }) : null,
    head: [t("insights:group"), t("insights:questions"), t("insights:firstAnswer"), t("insights:acceptedAnswer")],
    rows: [
      [{ text: t("insights:total") }, ...timeCells({ ...total, suppressed: total.n < 3 })],
      ...areas.map((r) => [{ text: `${t("insights:area")}: ${areaName(f, r.area)}` }, ...timeCells(r)]),
      ...[...q.org].sort((a, b) => a.orgName.localeCompare(b.orgName, "sv")).map((r) => [{ text: `${t("insights:organisation")}: ${r.orgName}`, href: listHref("/threads", { kind: "question", org: r.orgSlug }) }, ...timeCells(r)]),
    ],
    note: t("insights:panels.times.note", { min: 3 }),
    empty: total.n === 0,
  };

  const open: PanelView = {
    id: "questions-unanswered", group: "questions", title: t("insights:panels.unanswered.title"),
    summary: t("insights:panels.unanswered.summary", { count: q.unanswered.total }), svg: null,
    head: [t("insights:question"), t("insights:organisation"), t("insights:asked")],
    rows: q.unanswered.items.map((x) => x.titled && x.title
      ? [{ text: x.title, href: `/t/${x.id}-${x.slug}` }, { text: x.org_name }, { text: x.date }]
      : [{ text: t("insights:notVisible") }, { text: "–" }, { text: x.date }]),
    note: q.unanswered.total > q.unanswered.items.length ? t("insights:firstN", { count: q.unanswered.items.length }) : t("insights:nowNote"),
    more: { text: t("insights:more.unanswered"), href: list("unanswered") },
    empty: q.unanswered.total === 0,
  };

  const c = q.cross;
  const shownOrgs = c.org.filter((r) => !r.suppressed).map((r) => ({ name: r.orgName, share: f.pct(r.cross ?? 0, r.answers) }))
    .sort((a, b) => b.share - a.share || a.name.localeCompare(b.name, "sv")).slice(0, 15);
  const cross: PanelView = {
    id: "questions-crossorg", group: "questions", title: t("insights:panels.cross.title"),
    summary: c.total.answers ? t("insights:panels.cross.summary", { share: f.pct(c.total.cross, c.total.answers), cross: c.total.cross, count: c.total.answers }) : t("insights:panels.cross.empty"),
    svg: shownOrgs.length ? barsX(shownOrgs, { y: "name", x: "share", domain: shownOrgs.map((x) => x.name), label: t("insights:panels.cross.chart"), xLabel: t("insights:sharePct"), format: (v) => `${v} %` }) : null,
    head: [t("insights:askerOrg"), t("insights:answers"), t("insights:crossAnswers"), t("insights:sharePct")],
    rows: [
      [{ text: t("insights:total") }, n(c.total.answers, f), n(c.total.cross, f), { text: `${f.pct(c.total.cross, c.total.answers)} %`, num: true }],
      ...[...c.org].sort((a, b) => a.orgName.localeCompare(b.orgName, "sv")).map((r) => r.suppressed
        ? [{ text: r.orgName }, n(r.answers, f), { text: suppressedText(f) }, { text: suppressedText(f) }]
        : [{ text: r.orgName, href: listHref("/threads", { kind: "question", org: r.orgSlug }) }, n(r.answers, f), n(r.cross ?? 0, f), { text: `${f.pct(r.cross ?? 0, r.answers)} %`, num: true }]),
    ],
    note: t("insights:panels.cross.note"),
    empty: c.total.answers === 0,
  };
  return [month, times, open, cross];
}
