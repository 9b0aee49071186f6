import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

// Charts drawn on the server with Observable Plot into a linkedom document and sent as SVG, so
// they show without JavaScript. The page's CSP allows no inline styles: Plot's <style> element is
// dropped and its few rules live in app/styles/insights.css. Every chart has its title and text
// summary in the page (aria-labelledby / aria-describedby) and its data in a <table> next to it;
// colour never carries meaning alone: positions, printed numbers and symbols do.

/** Bars and lines: dark blue on white, 8.6:1. Marks ≥ 3:1 against the background (WCAG 1.4.11). */
export const INK = "#1d4f7a";
const TEXT = "#1a1a1a";
const WIDTH = 640;

// Drawing a chart costs more than all the dashboard's queries together (Plot into linkedom, ~5–25
// ms a chart on this machine), and the figures change at most when something is published or the
// aggregates are refreshed. So each chart function keeps the SVG for its exact inputs (the rows,
// the options and every label its functions print) in a small LRU: the same inputs draw the same
// SVG, so a hit is exactly what drawing would give.
const MAX_CACHED = 300;
const drawn = new Map<string, string>();
function cached(key: string, draw: () => string): string {
  const hit = drawn.get(key);
  if (hit !== undefined) {
    drawn.delete(key);
    drawn.set(key, hit);
    return hit;
  }
  const svg = draw();
  drawn.set(key, svg);
  if (drawn.size > MAX_CACHED) drawn.delete(drawn.keys().next().value!);
  return svg;
}
/** Forgets every drawn chart (the bench measures drawing from cold with it). */
export const clearChartCache = () => drawn.clear();

function render(options: Plot.PlotOptions, label: string): string {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const el = Plot.plot({ ...options, width: options.width ?? WIDTH, style: { fontSize: "13px" }, ariaLabel: label, document: document as unknown as Document } as Plot.PlotOptions) as unknown as Element;
  el.querySelectorAll("style").forEach((s) => s.remove());
  for (const node of [el, ...el.querySelectorAll("[style]")]) node.removeAttribute("style");
  // role="img" makes the marks presentational: their own ARIA labels are not allowed (axe), the
  // page's title, summary and table carry the meaning.
  for (const node of el.querySelectorAll("[aria-label],[aria-description]")) {
    node.removeAttribute("aria-label");
    node.removeAttribute("aria-description");
  }
  el.setAttribute("font-size", "14");
  el.setAttribute("role", "img");
  el.setAttribute("class", "chart-svg");
  return el.outerHTML;
}

type Row = Record<string, unknown>;
/** Long labels are cut on the axis (the table beside the chart has them whole). */
const short = (n: number) => (s: unknown) => { const t = String(s); return t.length > n ? `${t.slice(0, n - 1)}…` : t; };
/** At most ~14 month labels on an axis. */
const monthTicks = (months: string[]) => months.filter((_, i) => i % Math.ceil(months.length / 14) === 0);

/** A heat map with the count printed in every cell (the number, not the shade, is the figure). */
export function heatMap(data: Row[], o: { x: string; y: string; value: string; xDomain: string[]; yDomain: string[]; label: string; xLabel: string; yLabel: string }) {
  return cached(JSON.stringify(["heatMap", data, o]), () => drawHeatMap(data, o));
}
function drawHeatMap(data: Row[], o: Parameters<typeof heatMap>[1]) {
  const max = Math.max(1, ...data.map((d) => Number(d[o.value])));
  return render({
    height: Math.max(160, 40 + o.yDomain.length * 34),
    marginLeft: 200, marginBottom: 80,
    x: { domain: o.xDomain, label: o.xLabel, tickRotate: -30, type: "band", tickFormat: short(16), ...(/^\d{4}-\d{2}$/.test(o.xDomain[0] ?? "") ? { ticks: monthTicks(o.xDomain) } : {}) },
    y: { domain: o.yDomain, label: o.yLabel, type: "band", tickFormat: short(24) },
    color: { type: "linear", domain: [0, max], range: ["#e8f0f8", "#0b3558"] },
    marks: [
      Plot.cell(data, { x: o.x, y: o.y, fill: o.value, inset: 1 }),
      Plot.text(data, { x: o.x, y: o.y, text: (d: Row) => String(d[o.value]), fill: (d: Row) => (Number(d[o.value]) > max / 2 ? "white" : TEXT), fontWeight: "bold" }),
    ],
  }, o.label);
}

/** Horizontal bars with the value printed at the end of each. */
export function barsX(data: Row[], o: { y: string; x: string; domain: string[]; label: string; xLabel: string; format?: (v: number) => string }) {
  const printed = data.map((d) => (o.format ?? String)(Number(d[o.x]))); // what the format function puts on the marks
  return cached(JSON.stringify(["barsX", data, { ...o, format: undefined }, printed]), () => drawBarsX(data, o));
}
function drawBarsX(data: Row[], o: Parameters<typeof barsX>[1]) {
  const fmt = o.format ?? ((v: number) => String(v));
  return render({
    height: Math.max(120, 40 + o.domain.length * 30),
    marginLeft: 230, marginRight: 50,
    y: { domain: o.domain, label: null, type: "band", tickFormat: short(28) },
    x: { label: o.xLabel, grid: true },
    marks: [
      Plot.barX(data, { y: o.y, x: o.x, fill: INK }),
      Plot.text(data, { y: o.y, x: o.x, text: (d: Row) => fmt(Number(d[o.x])), dx: 6, textAnchor: "start", fill: TEXT }),
      Plot.ruleX([0]),
    ],
  }, o.label);
}

/** Vertical bars per month with the value printed over each bar. */
export function barsByMonth(data: Row[], o: { x: string; y: string; months: string[]; label: string; yLabel: string }) {
  return cached(JSON.stringify(["barsByMonth", data, o]), () => render({
    height: 260, marginBottom: 50,
    x: { domain: o.months, label: null, type: "band", tickRotate: o.months.length > 8 ? -45 : 0, ticks: monthTicks(o.months) },
    y: { label: o.yLabel, grid: true },
    marks: [
      Plot.barY(data, { x: o.x, y: o.y, fill: INK }),
      Plot.text(data, { x: o.x, y: o.y, text: (d: Row) => String(d[o.y]), dy: -8, fill: TEXT }),
      Plot.ruleY([0]),
    ],
  }, o.label));
}

/** Lines per series with a distinct symbol and the series named at its last point. */
export function lines(data: Row[], o: { x: string; y: string; z: string; months: string[]; names: Record<string, string>; label: string; yLabel: string }) {
  return cached(JSON.stringify(["lines", data, o]), () => drawLines(data, o));
}
function drawLines(data: Row[], o: Parameters<typeof lines>[1]) {
  const symbols = ["circle", "square", "triangle", "diamond"];
  const DASHES = ["none", "6 3", "2 3", "8 2 2 2"];
  const series = [...new Set(data.map((d) => String(d[o.z])))];
  return render({
    height: 280, marginBottom: 50, marginRight: 150,
    x: { domain: o.months, label: null, type: "point", tickRotate: o.months.length > 8 ? -45 : 0, ticks: monthTicks(o.months) },
    y: { label: o.yLabel, grid: true, domain: [0, 100] },
    symbol: { domain: series, range: symbols.slice(0, series.length) },
    marks: [
      ...series.map((z, i) => Plot.line(data.filter((d) => String(d[o.z]) === z), { x: o.x, y: o.y, stroke: TEXT, strokeDasharray: DASHES[i % DASHES.length] })),
      Plot.dot(data, { x: o.x, y: o.y, symbol: o.z, stroke: TEXT, fill: "white", r: 4 }),
      Plot.text(data, Plot.selectLast({ x: o.x, y: o.y, z: o.z, text: (d: Row) => `${o.names[String(d[o.z])] ?? d[o.z]} ${d[o.y]} %`, dx: 8, textAnchor: "start", fill: TEXT })),
    ],
  }, o.label);
}
