import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import type { Viewer } from "../../app/policy";
import { getProfile, tagExperts } from "../../app/profiles/profiles.server";
import { recordAdoption } from "../../app/cases/adoptions.server";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { createUser, viewerFor } from "../support/factories";
import { createWorld, type World } from "../support/principals";
import { makeCase } from "../support/cases";
import { answer, ask } from "../support/profiles";

let db: DB;
let destroy: () => Promise<void>;
let w: World;
let b2: Viewer; // a second member of Kommun B
let expertHandle: string;
const v = (n: keyof World["viewers"]) => w.viewers[n]!;
const ctx = (viewer: Viewer | null) => ({ db, viewer, now: new Date() });
const status = async (p: Promise<unknown>) => p.then(() => 200, (e: unknown) => (e instanceof Response ? e.status : 500));

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
  await createForumTags(db);
  b2 = await viewerFor(db, (await createUser(db, { orgId: w.orgB.id, role: "member", name: "Bo Bsson" })).id);
  expertHandle = v("memberB").handle;
  const copilotTag = await db.selectFrom("tags").select("id").where("slug", "=", "copilot").executeTakeFirstOrThrow();

  // memberB answers a network question of Kommun A: accepted, two helpful votes → copilot 10 + 2.
  const q1 = await ask(db, v("memberA"), w.orgA.id, { title: "Copilot i nämndadministration?", tags: ["copilot"] });
  await answer(db, q1.id, v("memberB"), { acceptBy: v("memberA"), voters: [v("ambassadorA"), v("moderatorA")] });
  // memberB answers an organisation-only question of Kommun B (gdpr): accepted. Only Kommun B may read it.
  const q2 = await ask(db, b2, w.orgB.id, { title: "Hemlig GDPR-fråga i Kommun B", tags: ["gdpr"], audience: "organisation" });
  await answer(db, q2.id, v("memberB"), { acceptBy: b2 });
  // A hidden answer (moderation) scores nothing and is listed to nobody but its author and moderators.
  const q3 = await ask(db, v("memberA"), w.orgA.id, { title: "Rekrytering med AI?", tags: ["rekrytering"] });
  const hidden = await answer(db, q3.id, v("memberB"), { acceptBy: v("memberA"), body: "Dolt svar." });
  await db.updateTable("posts").set({ hidden_at: new Date(), hidden_by: w.userIds.moderatorA }).where("id", "=", hidden.id).execute();
  // Kommun A's ambassador: one network case and one organisation-only case, both tagged copilot.
  const netCase = await makeCase(db, v("ambassadorA"), w.orgA.id, { title: "Copilot-pilot i nätverket", tag_ids: [copilotTag.id] });
  await makeCase(db, v("ambassadorA"), w.orgA.id, { title: "Intern Copilot-fallstudie", visibility: "organisation", tag_ids: [copilotTag.id] });
  // memberB records Kommun B's adoption of the network case.
  const ad = await recordAdoption(ctx(v("memberB")), netCase, { org_id: w.orgB.id, status: "trying", adopted_on: "2026-01-01", note: "" });
  if (!ad || !ad.ok) throw new Error("adoption failed");
  // Twelve questions by memberA for keyset pagination.
  for (let i = 0; i < 12; i++) await ask(db, v("memberA"), w.orgA.id, { title: `Sidfråga ${i}`, tags: ["kundtjanst"] });
});
afterAll(() => destroy());

describe("profiles: what a person knows and wrote, as the viewer may read it", () => {
  it("expertise per tag is summed in SQL from accepted answers, helpful votes and published cases the viewer may read", async () => {
    const asA = await getProfile(ctx(v("memberA")), expertHandle);
    expect(asA.expertise.tags.map((t) => [t.slug, t.score, t.accepted, t.votes])).toEqual([["copilot", 12, 1, 2]]);
    // Kommun B's own member also sees the organisation-only GDPR answer; never the hidden one.
    const asB2 = await getProfile(ctx(b2), expertHandle);
    expect(asB2.expertise.tags.map((t) => [t.slug, t.score])).toEqual([["copilot", 12], ["gdpr", 10]]);
    expect(asB2.expertise.areas.map((a) => a.area)).toEqual(["it", "law_ethics"]);
    // Cases count for their author: the organisation-only case only inside Kommun A.
    const amb = v("ambassadorA").handle;
    expect((await getProfile(ctx(v("memberA")), amb)).expertise.tags).toMatchObject([{ slug: "copilot", score: 30, cases: 2 }]);
    expect((await getProfile(ctx(v("memberB")), amb)).expertise.tags).toMatchObject([{ slug: "copilot", score: 15, cases: 1 }]);
  });

  it("answers are marked accepted; organisation-only and hidden ones are listed only to those who may read them", async () => {
    const titles = async (viewer: Viewer) => (await getProfile(ctx(viewer), expertHandle)).lists.answers!.items.map((a) => [a.title, a.accepted]);
    expect(await titles(v("memberA"))).toEqual([["Copilot i nämndadministration?", true]]);
    expect((await titles(b2)).sort()).toEqual([["Copilot i nämndadministration?", true], ["Hemlig GDPR-fråga i Kommun B", true]]);
    expect((await titles(v("moderatorA"))).map((x) => x[0])).toContain("Rekrytering med AI?"); // moderators in scope see hidden replies
    expect((await titles(v("memberB"))).map((x) => x[0])).toContain("Rekrytering med AI?"); // and so does the author
  });

  it("cases and adoptions follow the case read rule", async () => {
    const amb = v("ambassadorA").handle;
    expect((await getProfile(ctx(v("memberA")), amb)).lists.cases!.items.map((c) => c.title).sort()).toEqual(["Copilot-pilot i nätverket", "Intern Copilot-fallstudie"]);
    expect((await getProfile(ctx(v("memberB")), amb)).lists.cases!.items.map((c) => c.title)).toEqual(["Copilot-pilot i nätverket"]);
    const ad = (await getProfile(ctx(v("memberA")), expertHandle)).lists.adoptions!.items;
    expect(ad).toMatchObject([{ title: "Copilot-pilot i nätverket", orgName: "Kommun B", status: "trying" }]);
    // Once the case is hidden by a moderator, the adoption leaves the profile for ordinary readers.
    await db.updateTable("cases").set({ hidden_at: new Date() }).where("title", "=", "Copilot-pilot i nätverket").execute();
    expect((await getProfile(ctx(v("memberA")), expertHandle)).lists.adoptions!.items).toEqual([]);
    expect((await getProfile(ctx(v("memberA")), expertHandle)).expertise.tags).toMatchObject([{ slug: "copilot", score: 12 }]);
    await db.updateTable("cases").set({ hidden_at: null }).where("title", "=", "Copilot-pilot i nätverket").execute();
  });

  it("lists are paginated by keyset: ten, then the rest, without overlap; a forged cursor shows page one", async () => {
    const me = v("memberA").handle;
    const first = await getProfile(ctx(v("memberB")), me, "questions");
    const p1 = first.lists.questions!;
    expect(p1.items).toHaveLength(10);
    expect(p1.next).toMatch(/^\d+-\d+$/);
    const p2 = (await getProfile(ctx(v("memberB")), me, "questions", p1.next)).lists.questions!;
    expect(p2.items.length).toBe(4); // 12 page questions + 2 earlier ones
    expect(p2.next).toBeNull();
    expect(new Set([...p1.items, ...p2.items].map((q) => q.id)).size).toBe(14);
    const forged = (await getProfile(ctx(v("memberB")), me, "questions", "x'; DROP TABLE users")).lists.questions!;
    expect(forged.items.map((q) => q.id)).toEqual(p1.items.map((q) => q.id));
    expect(first.lists.answers).toBeUndefined(); // one list at a time when paging
  });

  it("profiles are for signed-in members: signed out and unknown handles answer 404", async () => {
    expect(await status(getProfile(ctx(null), expertHandle))).toBe(404);
    expect(await status(getProfile(ctx(v("memberA")), "finns-inte"))).toBe(404);
    expect(await status(getProfile(ctx(v("memberA")), expertHandle))).toBe(200);
  });

  it("a tag's experts span organisations and count only what the viewer may read", async () => {
    const asA = await tagExperts(ctx(v("memberA")), "copilot");
    expect(asA.map((e) => [e.name, e.orgName, e.score])).toEqual([
      [v("ambassadorA").name, "Kommun A", 30],
      [v("memberB").name, "Kommun B", 12],
    ]);
    const asB = await tagExperts(ctx(v("memberB")), "copilot");
    expect(asB.map((e) => e.score)).toEqual([15, 12]);
    // The organisation-only GDPR answer makes memberB an expert only for Kommun B's readers.
    expect(await tagExperts(ctx(v("memberA")), "gdpr")).toEqual([]);
    expect((await tagExperts(ctx(b2), "gdpr")).map((e) => e.handle)).toEqual([expertHandle]);
    expect(await tagExperts(ctx(null), "copilot")).toEqual([]);
  });
});
