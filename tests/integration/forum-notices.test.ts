import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { createThread, listSolvedNotices } from "../../app/forum/threads.server";
import { reply } from "../../app/forum/posts.server";
import { acceptAnswer, setHaveQuestionToo } from "../../app/forum/qa.server";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { createWorld, type World } from "../support/principals";
import { runEventJobs } from "../support/jobs";

let db: DB;
let url: string;
let destroy: () => Promise<void>;
let w: World;
const ctx = (name: keyof World["viewers"]) => ({ db, viewer: w.viewers[name], now: new Date() });

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  w = await createWorld(db);
  await createForumTags(db);
});
afterAll(() => destroy());

describe("told when a question you have too is solved", () => {
  it("shows followers a notice linking to the accepted answer; not the person who accepted", async () => {
    const q = await createThread(ctx("memberA"), { kind: "question", title: "Hur skriver ni promptriktlinjer?", body: "Text", tags: ["copilot"], orgId: w.orgA.id, audience: "network", sharedOrgIds: [] });
    if (!q.ok) throw new Error("create failed");
    expect((await setHaveQuestionToo(ctx("memberB"), q.id, true)).ok).toBe(true);
    expect(await listSolvedNotices(ctx("memberB"))).toEqual([]);
    const a = await reply(ctx("ambassadorA"), q.id, { body: "Vi har en mall på intranätet." });
    if (!a.ok) throw new Error("reply failed");
    expect((await acceptAnswer(ctx("memberA"), q.id, a.id)).ok).toBe(true);
    // Notifications follow the event in a job, never the request (docs/decisions/2026-12-02-domain-events.md).
    await runEventJobs(db, url);
    const notices = await listSolvedNotices(ctx("memberB"));
    expect(notices.map((n) => [n.threadId, n.title])).toEqual([[q.id, "Hur skriver ni promptriktlinjer?"]]);
    expect(notices[0].href).toBe(`/t/${q.id}-hur-skriver-ni-promptriktlinjer#p${a.number}`);
    expect(await listSolvedNotices(ctx("memberA"))).toEqual([]);
    expect(await listSolvedNotices(ctx("anonymous"))).toEqual([]);
  });
});
