import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { createThread, listOpenQuestionsForViewer, listPinnedThreads } from "../../app/forum/threads.server";
import { moderate } from "../../app/moderation/actions.server";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { createWorld, type World } from "../support/principals";

let db: DB;
let destroy: () => Promise<void>;
let w: World;
const ctx = (viewer: World["viewers"][keyof World["viewers"]]) => ({ db, viewer, now: new Date() });

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
  await createForumTags(db);
});
afterAll(() => destroy());

describe("pinned threads", () => {
  it("lists a thread pinned to the front page or a tag, only for people who may read it", async () => {
    const make = async (title: string, audience: "organisation" | "network") => {
      const r = await createThread(ctx(w.viewers.memberA), { kind: "question", title, body: "Text", tags: ["kundtjanst"], orgId: w.orgA.id, audience, sharedOrgIds: [] });
      if (!r.ok) throw new Error("create failed");
      return r.id;
    };
    const open = await make("Nätverkets fästa fråga", "network");
    const secret = await make("Organisationens fästa fråga", "organisation");
    const other = await make("En vanlig fråga", "network");
    for (const id of [open, secret]) {
      const done = await moderate(ctx(w.viewers.moderatorA), { intent: "pin", scope: "front", targetType: "thread", targetId: id });
      expect(done.ok).toBe(true);
    }
    expect((await moderate(ctx(w.viewers.moderatorA), { intent: "pin", scope: "kundtjanst", targetType: "thread", targetId: other })).ok).toBe(true);

    const front = (v: keyof World["viewers"]) => listPinnedThreads(ctx(w.viewers[v]), "front").then((l) => l.map((t) => t.id).sort());
    expect(await front("memberA")).toEqual([open, secret].sort());
    expect(await front("memberB")).toEqual([open]);
    expect(await front("anonymous")).toEqual([]);
    expect((await listPinnedThreads(ctx(w.viewers.memberB), "kundtjanst")).map((t) => t.id)).toEqual([other]);

    expect((await moderate(ctx(w.viewers.moderatorA), { intent: "unpin", targetType: "thread", targetId: open })).ok).toBe(true);
    expect(await front("memberB")).toEqual([]);
  });

  it("shows open questions in the viewer's areas (areas of threads they watch), else all open questions", async () => {
    const ask = async (viewer: keyof World["viewers"], title: string, tag: string) => {
      const r = await createThread(ctx(w.viewers[viewer]), { kind: "question", title, body: "Text", tags: [tag], orgId: viewer === "memberB" ? w.orgB.id : w.orgA.id, audience: "network", sharedOrgIds: [] });
      if (!r.ok) throw new Error("create failed");
      return r.id;
    };
    const hr = await ask("memberA", "Hur rekryterar ni med AI?", "rekrytering");
    const cs = await ask("memberA", "Vilken chattbot valde ni?", "kundtjanst");
    // memberB has started an HR question, so HR is one of their areas.
    const own = await ask("memberB", "AI i rekrytering och etik?", "rekrytering");
    const forB = await listOpenQuestionsForViewer(ctx(w.viewers.memberB), 20);
    expect(forB.inYourAreas).toBe(true);
    expect(forB.items.map((t) => t.id)).toEqual(expect.arrayContaining([hr, own]));
    expect(forB.items.map((t) => t.id)).not.toContain(cs);
    // Someone with no threads of their own gets all open questions they may read.
    const forNetMod = await listOpenQuestionsForViewer(ctx(w.viewers.networkModerator), 50);
    expect(forNetMod.inYourAreas).toBe(false);
    expect(forNetMod.items.map((t) => t.id)).toEqual(expect.arrayContaining([hr, cs, own]));
  });
});
