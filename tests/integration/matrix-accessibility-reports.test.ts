import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { accessibilityReports, handleAccessibilityReport, reportAccessibilityProblem } from "../../app/moderation/accessibility.server";
import { canHandleAccessibilityReports } from "../../app/policy";
import { createWorld, PRINCIPALS, type PrincipalName, type World } from "../support/principals";
import { freshDatabase } from "../support/db";

// Authorization matrix for accessibility defect reports (issue 16, /tillganglighet): anyone may
// report, signed in or not; only the network moderators and the network admin read the reports
// (the list at /mod/accessibility) and mark them handled. An organisation's moderator or admin
// does not: a report concerns the whole service and may carry a reporter's address.
const READS: Record<PrincipalName, boolean> = {
  anonymous: false, memberA: false, ambassadorA: false, moderatorA: false, adminA: false, memberB: false,
  networkModerator: true, networkAdmin: true, deactivated: false, removed: false,
};

let db: DB;
let destroy: () => Promise<void>;
let w: World;
const ctx = (p: PrincipalName) => ({ db, viewer: w.viewers[p], now: new Date() });

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
});
afterAll(() => destroy());

describe("accessibility reports authorization matrix", () => {
  it.each([...PRINCIPALS])("%s may report; reads and handles reports only as a network moderator", async (p) => {
    const text = `Fokusordningen är fel (${p})`;
    const r = await reportAccessibilityProblem(ctx(p), { description: text, page: "/threads", name: "Namn", email: "namn@example.se" }, { ip: `10.0.0.${PRINCIPALS.indexOf(p) + 1}`, locale: "sv", submission: null });
    expect(r.ok).toBe(true);
    const id = r.ok ? r.id : "";
    const row = await db.selectFrom("accessibility_reports").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    // A signed-in reporter is linked, and their contact fields are not kept twice.
    expect(row.reporter_id).toBe(w.viewers[p]?.id ?? null);
    expect(row.email).toBe(w.viewers[p] ? "" : "namn@example.se");

    expect(canHandleAccessibilityReports(w.viewers[p])).toBe(READS[p]);
    const list = await accessibilityReports(ctx(p));
    if (!READS[p]) {
      expect(list).toBeNull();
      expect(await handleAccessibilityReport(ctx(p), id)).toBe(false);
      expect((await db.selectFrom("accessibility_reports").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("open");
      return;
    }
    expect(list!.map((x) => x.description)).toContain(text);
    expect(await handleAccessibilityReport(ctx(p), id)).toBe(true);
    expect(await handleAccessibilityReport(ctx(p), id)).toBe(false); // already handled
    expect((await accessibilityReports(ctx(p)))!.map((x) => x.description)).not.toContain(text);
  });

  it("refuses a sixth report in an hour from one address, and from one person on any address", async () => {
    const send = (p: PrincipalName, ip: string, n: number) =>
      reportAccessibilityProblem(ctx(p), { description: `Flod ${p} ${n}`, page: "", name: "", email: "" }, { ip, locale: "sv", submission: null });
    for (let i = 0; i < 5; i++) expect((await send("anonymous", "10.1.1.1", i)).ok).toBe(true);
    const refused = await send("anonymous", "10.1.1.1", 5);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors._form[0].key).toBe("ux:report.errors.rateLimited");
    expect((await send("anonymous", "10.1.1.2", 0)).ok).toBe(true);
    // memberB reported once in the matrix above: four more on four addresses fill their hour.
    for (let i = 0; i < 4; i++) expect((await send("memberB", `10.2.0.${i}`, i)).ok).toBe(true);
    expect((await send("memberB", "10.2.0.99", 5)).ok).toBe(false);
  });
});
