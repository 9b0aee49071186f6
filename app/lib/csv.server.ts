import { stringify } from "csv-stringify/sync";

// Every CSV the app sends goes through here. A spreadsheet treats a cell starting with `=`, `+`,
// `-` or `@` as a formula (and tab or carriage return can smuggle one in after them), so such a
// cell is prefixed with `'` (OWASP's "CSV injection" advice): the text stays readable and exact
// apart from the leading quote, and nothing a writer typed runs in a reader's spreadsheet.

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell value a spreadsheet shows as text, never evaluates. */
export function safeCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads å, ä, ö), CRLF, a header row, every cell made safe. */
export function toSafeCsv<C extends string>(rows: Record<C, unknown>[], columns: readonly C[]): string {
  const safe = rows.map((r) => Object.fromEntries(columns.map((c) => [c, safeCell(r[c])])));
  return `\uFEFF${stringify(safe, { header: true, columns: [...columns], record_delimiter: "windows" })}`;
}
