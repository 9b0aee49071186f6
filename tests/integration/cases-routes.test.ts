import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "../../db/client";
import { closeDb } from "../../db/client";
import { freshDatabase } from "../support/db";
import { createWorld, type World } from "../support/principals";
import { caseForm, makeCase, makeTag } from "../support/cases";
import { getCase, saveCase } from "../../app/cases/cases.server";
import { caseDiscussion, replyToCase } from "../../app/cases/discussion.server";

// Bad input through the real route actions: always a 400 with field errors and the input kept,
// never a 500. Also the case's discussion thread in the forum.
let db: DB;
let destroy: () => Promise<void>;
let w: World;
let newCase: typeof import("../../app/routes/cases.new");
let casePage: typeof import("../../app/routes/cases.$caseId");

beforeAll(async () => {
  let url: string;
  ({ db, destroy, url } = await freshDatabase());
  process.env.DATABASE_URL = url;
  w = await createWorld(db);
  newCase = await import("../../app/routes/cases.new");
  casePage = await import("../../app/routes/cases.$caseId");
});
afterAll(async () => {
  await closeDb();
  await destroy();
});

const ctxFor = (name: keyof World["viewers"]) => ({ viewer: w.viewers[name], locale: "sv", sessionId: null, nonce: "n" }) as unknown as AppLoadContext;
const post = (path: string, fields: [string, string][]) => {
  const body = new URLSearchParams(fields);
  return new Request(`http://test.se${path}`, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
};
async function run(p: Promise<unknown>): Promise<Response> {
  try {
    return (await p) as Response;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

describe("bad input on the case form", () => {
  const base = (): [string, string][] => [["intent", "publish"], ["visibility", "network"], ["title", "Ett fall"]];
  const cases: [string, [string, string][], string, string][] = [
    ["owning organisation is not the author's", [["org_id", "999999"]], "org_id", "cases:errors.orgNotAllowed"],
    ["dates in the wrong order", [["start_date", "2026-05-01"], ["last_updated", "2026-04-01"]], "last_updated", "cases:errors.updatedBeforeStart"],
    ["an impossible date", [["start_date", "2026-02-31"]], "start_date", "cases:errors.date"],
    ["oversized summary", [["summary", "å".repeat(301)]], "summary", "form.tooLong"],
    ["oversized problem", [["problem", "x".repeat(20_001)]], "problem", "form.tooLong"],
    ["an unknown area", [["area", "weather"]], "area", "cases:errors.choose"],
    ["a partner that does not exist", [["partner_org_ids", "888888"]], "partner_org_ids", "cases:errors.unknownOrg"],
    ["a contact who is not a member", [["contact_email", "nobody@nowhere.se"]], "contact_email", "cases:errors.contactNotMember"],
    ["a review date in the past", [["review_by", "2020-01-01"]], "review_by", "cases:errors.reviewInPast"],
    ["a figure that is not a number", [["figure_label", "Tid"], ["figure_value", "mycket"], ["figure_unit", "h"]], "figure_0", "cases:errors.figureValue"],
    ["a javascript: link", [["link_label", "x"], ["link_url", "javascript:alert(1)"]], "link_0", "cases:errors.linkUrl"],
    ["an id that is not a number", [["tag_ids", "1 OR 1=1"]], "tag_ids", "form.invalid"],
  ];
  it.each(cases)("%s → 400 with a message on the field and the input kept", async (_n, extra, field, key) => {
    const fields: [string, string][] = [...base(), ...(extra.some(([k]) => k === "org_id") ? [] : [["org_id", w.orgA.id] as [string, string]]), ...extra];
    const res = await run(newCase.action({ request: post("/cases/new", fields), params: {}, context: ctxFor("ambassadorA") }));
    expect(res.status).toBe(400);
    const data = (await res.json()) as { errors: Record<string, { key: string }[]>; values: Record<string, unknown> };
    expect(data.errors[field]?.map((e) => e.key)).toContain(key);
    expect(data.values.title).toBe("Ett fall");
  });

  it("answers garbage adoptions with 400 and adoptions of unreadable cases with 404", async () => {
    const missing = await run(casePage.action({ request: post("/cases/999999", [["intent", "adopt"]]), params: { caseId: "999999-x" }, context: ctxFor("memberB") }));
    expect(missing.status).toBe(400); // the form is checked before the case is looked up
    const id = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id);
    const bad = await run(casePage.action({
      request: post(`/cases/${id}`, [["intent", "adopt"], ["org_id", w.orgB.id], ["status", "forever"], ["adopted_on", "igår"], ["note", "x".repeat(3000)]]),
      params: { caseId: `${id}-x` }, context: ctxFor("memberB"),
    }));
    expect(bad.status).toBe(400);
    const data = (await bad.json()) as { errors: Record<string, unknown> };
    expect(Object.keys(data.errors).sort()).toEqual(["adopted_on", "note", "status"]);
    const unreadable = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { visibility: "organisation" });
    const denied = await run(casePage.action({
      request: post(`/cases/${unreadable}`, [["intent", "adopt"], ["org_id", w.orgB.id], ["status", "adopted"], ["adopted_on", "2026-01-01"]]),
      params: { caseId: String(unreadable) }, context: ctxFor("memberB"),
    }));
    expect(denied.status).toBe(404);
  });
});

describe("the case's discussion", () => {
  it("opens a forum thread with the case's visibility when published, and takes replies", async () => {
    const tag = await makeTag(db, "diskussion-test");
    const id = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { visibility: "shared", shared_org_ids: [w.orgB.id], tag_ids: [tag.id] });
    const c = await getCase({ db, viewer: w.viewers.memberB, now: new Date() }, id);
    expect(c?.discussionThreadId).toBeTruthy();
    const thread = await db.selectFrom("threads").select(["kind", "org_id", "visibility", "shared_org_ids"]).where("id", "=", c!.discussionThreadId!).executeTakeFirstOrThrow();
    expect(thread).toMatchObject({ kind: "discussion", org_id: w.orgA.id, visibility: "organisation", shared_org_ids: [w.orgB.id] });
    const r = await replyToCase({ db, viewer: w.viewers.memberB, now: new Date() }, id, "Hur lång tid tog upphandlingen?");
    expect(r.ok).toBe(true);
    const d = await caseDiscussion({ db, viewer: w.viewers.memberA, now: new Date() }, c!.discussionThreadId);
    expect(d?.posts.map((p) => p.bodyHtml)).toEqual([expect.stringContaining("Hur lång tid tog upphandlingen?")]);
    expect(await caseDiscussion({ db, viewer: null, now: new Date() }, c!.discussionThreadId)).toBeNull();
  });

  it("follows the case when its audience changes: narrowed, the other organisation loses the discussion too", async () => {
    const tag = await makeTag(db, "diskussion-smalnar");
    const form = { visibility: "network" as const, tag_ids: [tag.id], contact_email: w.viewers.ambassadorA!.email };
    const id = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, form);
    const threadId = (await getCase({ db, viewer: w.viewers.memberB, now: new Date() }, id))!.discussionThreadId!;
    expect(await caseDiscussion({ db, viewer: w.viewers.memberB, now: new Date() }, threadId)).not.toBeNull();
    const saved = await saveCase({ db, viewer: w.viewers.ambassadorA!, now: new Date() }, caseForm(w.orgA.id, { ...form, visibility: "organisation" }), id);
    expect(saved?.ok).toBe(true);
    const thread = await db.selectFrom("threads").select(["org_id", "visibility", "shared_org_ids"]).where("id", "=", threadId).executeTakeFirstOrThrow();
    expect(thread).toMatchObject({ org_id: w.orgA.id, visibility: "organisation", shared_org_ids: [] });
    expect(await caseDiscussion({ db, viewer: w.viewers.memberB, now: new Date() }, threadId)).toBeNull();
    expect(await caseDiscussion({ db, viewer: w.viewers.memberA, now: new Date() }, threadId)).not.toBeNull();
    // Its search document follows as well.
    const doc = await db.selectFrom("search_documents").select(["visibility"]).where("doc_type", "=", "thread").where("doc_id", "=", threadId).executeTakeFirstOrThrow();
    expect(doc.visibility).toBe("organisation");
    // A thread left more open than its case (a concurrent edit, or an older mismatch) is mended
    // by the next save, even one that changes nothing about the audience.
    await db.updateTable("threads").set({ visibility: "public" }).where("id", "=", threadId).execute();
    const again = await saveCase({ db, viewer: w.viewers.ambassadorA!, now: new Date() }, caseForm(w.orgA.id, { ...form, visibility: "organisation" }), id);
    expect(again?.ok).toBe(true);
    expect((await db.selectFrom("threads").select("visibility").where("id", "=", threadId).executeTakeFirstOrThrow()).visibility).toBe("organisation");
  });
});
