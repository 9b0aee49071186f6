// "We have this question too" → solved: everyone who follows a question is told once when it
// gets an accepted answer, through the event fan-out, and only while they may still read it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { createThread } from "../../app/forum/threads.server";
import { reply } from "../../app/forum/posts.server";
import { acceptAnswer, setHaveQuestionToo } from "../../app/forum/qa.server";
import { setWatchLevel } from "../../app/watching/watching.server";
import { myNotifications } from "../../app/notifications/notifications.server";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { createWorld, type World } from "../support/principals";
import { runEventJobs } from "../support/jobs";
import { createUser, viewerFor } from "../support/factories";

let db: DB;
let url: string;
let destroy: () => Promise<void>;
let w: World;
type Who = keyof World["viewers"];
const ctx = (name: Who) => ({ db, viewer: w.viewers[name], now: new Date() });

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  w = await createWorld(db);
  await createForumTags(db);
});
afterAll(() => destroy());

async function question(title: string) {
  const q = await createThread(ctx("memberA"), { kind: "question", title, body: "Text", tags: ["copilot"], orgId: w.orgA.id, audience: "network", sharedOrgIds: [] });
  if (!q.ok) throw new Error("create failed");
  return q;
}
async function answer(who: Who, threadId: string, body: string) {
  const a = await reply(ctx(who), threadId, { body });
  if (!a.ok) throw new Error("reply failed");
  return a;
}
/** The solved notifications a person has for this question (raw rows: also what the page would hide). */
async function solvedRows(who: Exclude<Who, "anonymous">, threadId: string) {
  return db.selectFrom("notifications").select(["post_id"]).where("user_id", "=", w.userIds[who]).where("thread_id", "=", threadId)
    .where("kind", "=", "question_solved").execute();
}

describe("me-too followers → question solved", () => {
  it("every follower is told once, linking to the accepted answer, however often the answer changes", async () => {
    const q = await question("Hur hanterar ni AI i diariet?");
    await setHaveQuestionToo(ctx("ambassadorA"), q.id, true);
    await setHaveQuestionToo(ctx("memberB"), q.id, true);
    const a1 = await answer("moderatorA", q.id, "Vi diarieför prompten.");
    const a2 = await answer("adminA", q.id, "Vi diarieför svaret.");
    expect((await acceptAnswer(ctx("memberA"), q.id, a1.id)).ok).toBe(true);
    await runEventJobs(db, url);
    expect((await acceptAnswer(ctx("memberA"), q.id, a2.id)).ok).toBe(true);
    expect((await acceptAnswer(ctx("memberA"), q.id, null)).ok).toBe(true);
    expect((await acceptAnswer(ctx("memberA"), q.id, a1.id)).ok).toBe(true);
    await runEventJobs(db, url);
    for (const who of ["ambassadorA", "memberB"] as const) {
      expect(await solvedRows(who, q.id)).toEqual([{ post_id: a1.id }]);
      const g = (await myNotifications(ctx(who))).groups.filter((x) => x.kind === "question_solved");
      expect(g.map((x) => [x.title, x.href])).toEqual([["Hur hanterar ni AI i diariet?", `/t/${q.id}-hur-hanterar-ni-ai-i-diariet#p${a1.number}`]]);
    }
    // Not the asker, who accepted it; the answerers do not follow it.
    expect(await solvedRows("memberA", q.id)).toEqual([]);
    expect(await solvedRows("moderatorA", q.id)).toEqual([]);
    expect(await solvedRows("adminA", q.id)).toEqual([]);
  });

  it("a follower who took it back, muted the thread or may no longer read it is not told", async () => {
    const q = await question("Vem äger AI-policyn?");
    for (const who of ["ambassadorA", "moderatorA", "memberB", "adminA"] as const) await setHaveQuestionToo(ctx(who), q.id, true);
    await setHaveQuestionToo(ctx("adminA"), q.id, false);
    expect((await setWatchLevel(ctx("moderatorA"), { targetType: "thread", targetId: q.id, level: "muted" })).ok).toBe(true);
    // The question is narrowed to its own organisation: the follower in B can no longer read it.
    await db.updateTable("threads").set({ visibility: "organisation" }).where("id", "=", q.id).execute();
    // The accepted answer is by someone who follows nothing here, so each exclusion stands alone.
    const writer = await createUser(db, { orgId: w.orgA.id, role: "member" });
    const wctx = { db, viewer: await viewerFor(db, writer.id), now: new Date() };
    const b = await reply(wctx, q.id, { body: "Digitaliseringschefen." });
    if (!b.ok) throw new Error("reply failed");
    expect((await acceptAnswer(ctx("memberA"), q.id, b.id)).ok).toBe(true);
    await runEventJobs(db, url);
    expect(await solvedRows("memberB", q.id)).toEqual([]); // can no longer read it
    expect(await solvedRows("adminA", q.id)).toEqual([]); // took it back
    expect(await solvedRows("moderatorA", q.id)).toEqual([]); // muted the thread
    expect(await solvedRows("ambassadorA", q.id)).toEqual([{ post_id: b.id }]);
  });
});
