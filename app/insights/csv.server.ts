import { stringify } from "csv-stringify/sync";
import type { PanelView } from "./view";

// A panel's table as CSV (UTF-8 with BOM, CRLF), safe to open in a spreadsheet: a cell that
// starts with = + - @ tab or CR gets a leading apostrophe, so it is never run as a formula.
export const safeCell = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

export function panelCsv(p: PanelView): string {
  const rows = [p.head, ...p.rows.map((r) => r.map((c) => c.text))].map((r) => r.map(safeCell));
  return `\uFEFF${stringify(rows, { record_delimiter: "windows" })}`;
}
