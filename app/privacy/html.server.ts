// A small, dependency-free HTML writer for the readable index of an export (escaped, no scripts).
export const esc = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const cell = (v: unknown) => (v instanceof Date ? v.toISOString() : typeof v === "object" && v !== null ? JSON.stringify(v) : String(v ?? ""));

/** One section: a heading, a sentence and a table of its records (at most `limit` rows shown). */
export function htmlSection(title: string, intro: string, file: string, rows: Record<string, unknown>[], labels: { file: string; none: string; more: (n: number) => string }, limit = 200): string {
  const cols = [...new Set(rows.slice(0, limit).flatMap((r) => Object.keys(r)))];
  const table = rows.length
    ? `<table><thead><tr>${cols.map((c) => `<th scope="col">${esc(c)}</th>`).join("")}</tr></thead><tbody>${rows
        .slice(0, limit)
        .map((r) => `<tr>${cols.map((c) => `<td>${esc(cell(r[c]))}</td>`).join("")}</tr>`)
        .join("")}</tbody></table>${rows.length > limit ? `<p>${esc(labels.more(rows.length - limit))}</p>` : ""}`
    : `<p>${esc(labels.none)}</p>`;
  return `<section><h2>${esc(title)}</h2><p>${esc(intro)}</p><p>${esc(labels.file)}: <a href="${esc(file)}">${esc(file)}</a></p>${table}</section>`;
}

export function htmlPage(lang: string, title: string, intro: string, sections: string[]): string {
  return `<!doctype html><html lang="${esc(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top;word-break:break-word}th{background:#eee}h2{margin-top:2rem}</style></head>
<body><h1>${esc(title)}</h1><p>${esc(intro)}</p>${sections.join("\n")}</body></html>`;
}
