import { readdirSync } from "node:fs";
import path from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { closeDb } from "../../db/client";
import { safeCell } from "../../app/lib/csv.server";
import { PANELS } from "../../app/insights/schemas";
import { refreshInsightAggregates } from "../../app/insights/questions.repo.server";
import { MIN_CELL } from "../../app/policy";
import { makeCase } from "../support/cases";
import { freshDatabase } from "../support/db";
import { createWorld, type World } from "../support/principals";

// Every CSV export is safe against formula injection: a cell a spreadsheet would evaluate
// (starting with =, +, -, @, tab or carriage return) is prefixed with '. The list of CSV routes
// is read from app/routes, so a new CSV export without an entry here fails this test.
const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/routes");
const CSV_URLS: Record<string, (caseId: string) => string[]> = {
  "cases[.]csv.ts": () => ["/cases.csv"],
  "cases.register.$file.ts": () => ["/cases/register/algoritmeregister.csv", "/cases/register/atrs-tier1.csv", "/cases/register/atrs-tier2.csv"],
  "insights[.]csv.ts": () => PANELS.map((p) => `/insights.csv?panel=${p}`),
  "cases.$caseId_.register.$file.ts": (id) => [`/cases/${id}/register/algoritmeregister.csv`, `/cases/${id}/register/atrs-tier1.csv`, `/cases/${id}/register/atrs-tier2.csv`],
};
const PAYLOADS = ["=HYPERLINK(\"http://evil.example\",\"klicka\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"];

/** RFC 4180: quoted fields with "" for a quote, CRLF between records (no CSV parser is installed). */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === "") quoted = true;
    else if (ch === ",") row.push(cell), (cell = "");
    else if (ch === "\r" && text[i + 1] === "\n") row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    else cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

let db: DB;
let destroy: () => Promise<void>;
let w: World;
let caseId: string;

beforeAll(async () => {
  let url: string;
  ({ db, destroy, url } = await freshDatabase());
  process.env.DATABASE_URL = url;
  w = await createWorld(db);
  caseId = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, {
    visibility: "public", title: PAYLOADS[0], summary: PAYLOADS[1], department: PAYLOADS[2], problem: PAYLOADS[3], approach: PAYLOADS[4],
    outcomes: PAYLOADS[5], suppliers: "=cmd", tool: "@tool", human_oversight: "+oversight", data_used: "-data", lessons: "=lessons",
  });
  // What people searched for reaches the dashboard's "most searched" panel once enough did.
  await db.insertInto("search_log").values(Array.from({ length: MIN_CELL }, () => ({ query: PAYLOADS[0], hits: 3, searched_at: new Date() }))).execute();
  await refreshInsightAggregates(db); // the search panels read the per-month sums (insights_refresh)
});
afterAll(async () => {
  await closeDb();
  await destroy();
});

describe("CSV formula injection", () => {
  it("prefixes dangerous cells and leaves others alone", () => {
    for (const p of PAYLOADS) expect(safeCell(p)).toBe(`'${p}`);
    expect(safeCell("Vanlig text")).toBe("Vanlig text");
    expect(safeCell(42)).toBe("42");
    expect(safeCell(null)).toBe("");
  });

  it("knows every CSV route", () => {
    const csvRoutes = readdirSync(ROUTES_DIR).filter((f) => /csv/i.test(f) || /register/.test(f));
    expect(csvRoutes.sort()).toEqual(Object.keys(CSV_URLS).sort());
  });

  it.each(Object.keys(CSV_URLS))("%s: no cell of any row starts a formula", async (file) => {
    const mod = (await import(path.join(ROUTES_DIR, file))) as { loader: (a: unknown) => Promise<Response> };
    // The dashboard is for organisation admins and network moderators; the case exports are public.
    const viewer = file.startsWith("insights") ? w.viewers.adminA : null;
    const seen: string[] = [];
    for (const u of CSV_URLS[file](caseId)) {
      const [, ...segs] = u.split("?")[0].split("/");
      const params = file.startsWith("cases[.]") || file.startsWith("insights") ? {} : file.startsWith("cases.$caseId") ? { caseId: segs[1], file: segs[3] } : { file: segs[2] };
      const res = await mod.loader({ request: new Request(`http://test.se${u}`), params, context: { viewer, locale: "sv", db } as unknown as AppLoadContext });
      expect(res.headers.get("content-type"), u).toBe("text/csv; charset=utf-8");
      const text = (await res.text()).replace(/^\uFEFF/, "");
      const rows = parse(text);
      expect(new Set(rows.map((r) => r.length)).size, `${u}: every row has as many cells as the header`).toBe(1);
      expect(rows.length, u).toBeGreaterThan(file.startsWith("insights") ? 0 : 1);
      const cells = rows.flat();
      for (const c of cells) expect(c, `${u}: ${JSON.stringify(c)}`).not.toMatch(/^[=+\-@\t\r]/);
      seen.push(...cells);
      // The payloads are there, as text (on the dashboard, in the panels that list cases).
      if (!file.startsWith("insights")) expect(cells, u).toContain(`'${PAYLOADS[0]}`);
    }
    expect(seen).toContain(`'${PAYLOADS[0]}`);
  });
});
