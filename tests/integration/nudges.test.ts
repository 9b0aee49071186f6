import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { runNudges, type NudgeSettings } from "../../app/cases/nudges.server";
import { saveCase } from "../../app/cases/cases.server";
import { recordAdoption } from "../../app/cases/adoptions.server";
import type { CaseForm } from "../../app/cases/schemas";
import { myNotifications } from "../../app/notifications/notifications.server";
import { freshDatabase } from "../support/db";
import { createWorld, type World } from "../support/principals";
import { caseForm, makeCase } from "../support/cases";
import { runEventJobs } from "../support/jobs";

let db: DB;
let url: string;
let destroy: () => Promise<void>;
let w: World;
const S: NudgeSettings = { pilotMonths: 6, repeatDays: 30 };
const NOW = new Date("2026-12-10T08:00:00Z");
// Cases are written before their review date (a date in the past is refused at save).
const BEFORE = new Date("2026-11-01T08:00:00Z");
const later = (days: number) => new Date(NOW.getTime() + days * 86_400_000);
const amb = () => w.viewers.ambassadorA!;

async function edit(caseId: string, o: Partial<CaseForm>) {
  const r = await saveCase({ db, viewer: amb(), now: NOW }, caseForm(w.orgA.id, { contact_email: amb().email, ...o }), caseId);
  if (!r || !r.ok) throw new Error(`edit failed: ${JSON.stringify(r)}`);
}
const nudgesOf = (sent: Awaited<ReturnType<typeof runNudges>>, caseId: string) => sent.filter((s) => s.caseId === caseId).map((s) => s.reason);

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  w = await createWorld(db);
});
afterAll(() => destroy());

describe("evaluation nudges for case owners", () => {
  it("a passed review date nudges the owner once per period, linking to the review field, until they set a new date", async () => {
    const acted = await makeCase(db, amb(), w.orgA.id, { title: "Granskas snart", review_by: "2026-12-01", evaluated: "formal" }, BEFORE);
    const idle = await makeCase(db, amb(), w.orgA.id, { title: "Glömd granskning", review_by: "2026-12-01", evaluated: "formal" }, BEFORE);
    const first = await runNudges(db, NOW, S);
    expect(nudgesOf(first, acted)).toEqual(["review"]);
    expect(first.find((s) => s.caseId === acted)!.userIds).toEqual([w.userIds.ambassadorA]);
    expect(nudgesOf(await runNudges(db, later(1), S), acted)).toEqual([]); // idempotent within the period

    await runEventJobs(db, url);
    const n = (await myNotifications({ db, viewer: amb(), now: NOW })).groups.filter((g) => g.kind === "case_nudge" && g.title === "Granskas snart");
    expect(n).toHaveLength(1);
    expect(n[0].href).toBe(`/cases/${acted}/edit#f-review_by`);
    expect(n[0].items[0].data).toMatchObject({ reason: "review", anchor: "f-review_by" });

    await edit(acted, { title: "Granskas snart", review_by: "2027-06-01", evaluated: "formal" });
    const month = await runNudges(db, later(31), S);
    expect(nudgesOf(month, acted)).toEqual([]); // the owner acted: no more nudges
    expect(nudgesOf(month, idle)).toEqual(["review"]); // the other case is reminded again a period later
  });

  it("N months in Pilot with 'evaluated: no' asks whether it was evaluated; answering stops it", async () => {
    const id = await makeCase(db, amb(), w.orgA.id, { title: "Pilot utan utvärdering", status: "pilot", evaluated: "no" });
    await db.updateTable("cases").set({ status_since: new Date("2026-06-01T00:00:00Z") }).where("id", "=", id).execute();
    expect(nudgesOf(await runNudges(db, new Date("2026-11-25T00:00:00Z"), S), id)).toEqual([]); // not quite six months: not yet
    expect(nudgesOf(await runNudges(db, NOW, S), id)).toEqual(["pilot"]);
    expect(nudgesOf(await runNudges(db, later(2), S), id)).toEqual([]);
    await edit(id, { title: "Pilot utan utvärdering", status: "pilot", evaluated: "own_followup" });
    expect(nudgesOf(await runNudges(db, later(40), S), id)).toEqual([]);
    // A status change moves the clock: the trigger keeps status_since whatever path writes the case.
    const row = await db.selectFrom("cases").select("status_since").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.status_since!.getTime()).toBe(new Date("2026-06-01T00:00:00Z").getTime());
  });

  it("an adopting organisation's outcome nudges the owner to update the outcomes; updating them stops it", async () => {
    const id = await makeCase(db, amb(), w.orgA.id, { title: "Återanvänd fallstudie", evaluated: "formal" });
    const ad = await recordAdoption({ db, viewer: w.viewers.memberB!, now: NOW }, id, { org_id: w.orgB.id, status: "adopted", adopted_on: "2026-11-01", note: "Vi sparade 40 timmar i månaden." });
    if (!ad || !ad.ok) throw new Error("adoption failed");
    const sent = await runNudges(db, NOW, S);
    expect(nudgesOf(sent, id)).toEqual(["outcome"]);
    expect(nudgesOf(await runNudges(db, later(1), S), id)).toEqual([]);
    await runEventJobs(db, url);
    const g = (await myNotifications({ db, viewer: amb(), now: NOW })).groups.find((x) => x.kind === "case_nudge" && x.title === "Återanvänd fallstudie");
    expect(g?.href).toBe(`/cases/${id}/edit#f-outcomes`);
    expect(g?.items[0].data).toMatchObject({ reason: "outcome", orgName: "Kommun B" });
    await edit(id, { title: "Återanvänd fallstudie", evaluated: "formal", outcomes: "Kortare köer. Kommun B sparade 40 timmar i månaden." });
    expect(nudgesOf(await runNudges(db, later(2), S), id)).toEqual([]);
  });

  it("owners who may no longer edit the case are not nudged", async () => {
    const id = await makeCase(db, amb(), w.orgA.id, { title: "Ägaren bytte roll", review_by: "2026-11-15", evaluated: "formal" }, BEFORE);
    await db.updateTable("memberships").set({ role: "member" }).where("user_id", "=", w.userIds.ambassadorA).where("org_id", "=", w.orgA.id).execute();
    try {
      expect(nudgesOf(await runNudges(db, later(100), S), id)).toEqual([]);
    } finally {
      await db.updateTable("memberships").set({ role: "ambassador" }).where("user_id", "=", w.userIds.ambassadorA).where("org_id", "=", w.orgA.id).execute();
    }
  });
});
