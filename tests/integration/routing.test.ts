import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import type { Viewer } from "../../app/policy";
import { routeQuestions, routingNotice, type RoutingSettings } from "../../app/routing/routing.server";
import { addWorkingDays } from "../../app/routing/working-days";
import { myNotifications } from "../../app/notifications/notifications.server";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { createWorld, type World } from "../support/principals";
import { runEventJobs } from "../support/jobs";
import { answer, ask } from "../support/profiles";

let db: DB;
let url: string;
let destroy: () => Promise<void>;
let w: World;
const v = (n: keyof World["viewers"]) => w.viewers[n]!;
const S: RoutingSettings = { afterWorkingDays: 2, maxPeople: 5, weeklyCap: 3, maxAgeDays: 30 };
// Friday 4 December 2026, 10:00 in Stockholm.
const FRIDAY = new Date("2026-12-04T09:00:00Z");
const MONDAY = new Date("2026-12-07T09:30:00Z");
const TUESDAY = new Date("2026-12-08T09:30:00Z");

async function question(title: string, o: { audience?: "network" | "organisation"; at?: Date; asker?: Viewer } = {}) {
  const q = await ask(db, o.asker ?? v("memberA"), w.orgA.id, { title, tags: ["upphandling"], audience: o.audience ?? "network" });
  await db.updateTable("threads").set({ created_at: o.at ?? FRIDAY }).where("id", "=", q.id).execute();
  return q;
}
const routesOf = async (threadId: string) =>
  (await db.selectFrom("question_routes").select("user_id").where("thread_id", "=", threadId).execute()).map((r) => r.user_id).sort();

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  w = await createWorld(db);
  await createForumTags(db);
  // Expertise in "upphandling": one accepted answer each, more helpful votes for those ranked higher.
  const experts: [keyof World["viewers"], (keyof World["viewers"])[]][] = [
    ["memberB", ["networkModerator", "networkAdmin"]],
    ["networkModerator", ["memberB"]],
    ["networkAdmin", []],
    ["ambassadorA", ["memberB", "networkModerator", "networkAdmin"]],
    ["moderatorA", ["memberB", "networkAdmin"]],
    ["adminA", ["memberB"]],
  ];
  for (const [who, voters] of experts) {
    const q = await ask(db, v("memberA"), w.orgA.id, { title: `Upphandlingsfråga till ${who}`, tags: ["upphandling"] });
    await answer(db, q.id, v(who), { acceptBy: v("memberA"), voters: voters.map(v) });
  }
});
afterAll(() => destroy());

describe("routing unanswered questions to people with expertise", () => {
  it("working days skip the weekend", () => {
    expect(addWorkingDays(FRIDAY, 2).toISOString()).toBe("2026-12-08T09:00:00.000Z"); // Fri → Tue
    expect(addWorkingDays(new Date("2026-12-05T09:00:00Z"), 2).toISOString()).toBe("2026-12-08T09:00:00.000Z"); // Sat → Tue
    expect(addWorkingDays(new Date("2026-12-01T09:00:00Z"), 2).toISOString()).toBe("2026-12-03T09:00:00.000Z"); // Tue → Thu
  });

  it("after two working days, goes to the five best experts who can read it, other organisations first, never the asker; once", async () => {
    const q = await question("Vem kan LOU och AI?");
    expect(await routeQuestions(db, MONDAY, S)).toEqual([]); // Friday + 1 working day: not yet
    const routed = await routeQuestions(db, TUESDAY, S);
    expect(routed.map((r) => r.threadId)).toEqual([q.id]);
    // Outside Kommun A: memberB, the network moderator and admin; then Kommun A's two best.
    const expected = [w.userIds.memberB, w.userIds.networkModerator, w.userIds.networkAdmin, w.userIds.ambassadorA, w.userIds.moderatorA];
    expect(routed[0].userIds).toEqual(expected);
    expect(routed[0].userIds).not.toContain(w.userIds.adminA);
    expect(await routeQuestions(db, new Date(TUESDAY.getTime() + 3_600_000), S)).toEqual([]); // a rerun pings nobody twice
    expect(await routesOf(q.id)).toEqual([...expected].sort());

    await runEventJobs(db, url);
    const mine = await myNotifications({ db, viewer: v("memberB"), now: TUESDAY });
    const n = mine.groups.filter((g) => g.kind === "question_routed");
    expect(n.map((g) => [g.title, g.href])).toEqual([["Vem kan LOU och AI?", `/t/${q.id}-vem-kan-lou-och-ai`]]);
    const asker = await myNotifications({ db, viewer: v("memberA"), now: TUESDAY });
    expect(asker.groups.some((g) => g.kind === "question_routed")).toBe(false);

    const notice = await routingNotice({ db, viewer: v("memberA"), now: TUESDAY }, q.id);
    expect(notice).toEqual({ count: 5, tags: [{ slug: "upphandling", nameSv: "Upphandling", nameEn: "Procurement" }] });
  });

  it("an organisation-only question goes only to those who may read it", async () => {
    const q = await question("Intern upphandlingsfråga", { audience: "organisation", at: new Date(FRIDAY.getTime() + 60_000) });
    const routed = await routeQuestions(db, TUESDAY, S);
    expect(routed.map((r) => r.threadId)).toEqual([q.id]);
    expect(routed[0].userIds).toEqual([w.userIds.ambassadorA, w.userIds.moderatorA, w.userIds.adminA]);
  });

  it("answered questions are not routed", async () => {
    const q = await question("Redan besvarad upphandlingsfråga", { at: new Date(FRIDAY.getTime() + 120_000) });
    await answer(db, q.id, v("memberB"));
    expect((await routeQuestions(db, TUESDAY, S)).map((r) => r.threadId)).not.toContain(q.id);
  });

  it("the weekly cap holds per person: with cap 2, those already sent two questions this week get no third", async () => {
    // ambassadorA and moderatorA have two routes this week (both questions above), the others one.
    const q = await question("Tredje upphandlingsfrågan", { at: new Date(FRIDAY.getTime() + 180_000) });
    const routed = await routeQuestions(db, TUESDAY, { ...S, weeklyCap: 2 });
    expect(routed.map((r) => r.threadId)).toEqual([q.id]);
    expect(routed[0].userIds).toEqual([w.userIds.memberB, w.userIds.networkModerator, w.userIds.networkAdmin, w.userIds.adminA]);
    // A week later the cap has room again, but nobody is sent the same question twice.
    expect(await routeQuestions(db, new Date(TUESDAY.getTime() + 8 * 86_400_000), { ...S, weeklyCap: 2 })).toEqual([]);
  });
});
