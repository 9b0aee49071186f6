import { stringify } from "csv-stringify/sync";
import { safeCell } from "../lib/csv.server";
import type { PanelView } from "./view";

// A panel's table as CSV (UTF-8 with BOM, CRLF), safe to open in a spreadsheet: a cell that
// starts with = + - @ tab or CR gets a leading apostrophe, so it is never run as a formula.

export function panelCsv(p: PanelView): string {
  const rows = [p.head, ...p.rows.map((r) => r.map((c) => c.text))].map((r) => r.map((c) => safeCell(c)));
  return `\uFEFF${stringify(rows, { record_delimiter: "windows" })}`;
}
