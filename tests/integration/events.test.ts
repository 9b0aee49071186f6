import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { createThread } from "../../app/forum/threads.server";
import { reply, vote } from "../../app/forum/posts.server";
import { acceptAnswer, setHaveQuestionToo } from "../../app/forum/qa.server";
import { recordEvent } from "../../app/events/events.server";
import { dispatchEvent } from "../../app/events/dispatch.server";
import { myNotifications, unreadCount } from "../../app/notifications/notifications.server";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { createWorld, type World } from "../support/principals";
import { queuedEventJobs, runEventJobs } from "../support/jobs";

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

async function question(title = "Hur delar ni promptar?") {
  const q = await createThread(ctx("memberA"), { kind: "question", title, body: "Text", tags: ["copilot"], orgId: w.orgA.id, audience: "network", sharedOrgIds: [] });
  if (!q.ok) throw new Error("create failed");
  return q;
}

describe("domain events: one outbox, the job in the same transaction", () => {
  it("a reply records its event and enqueues exactly one dispatch job with it", async () => {
    const q = await question();
    const before = await queuedEventJobs(db);
    const r = await reply(ctx("memberB"), q.id, { body: "Vi har en mall." });
    if (!r.ok) throw new Error("reply failed");
    const ev = await db.selectFrom("events").selectAll().where("post_id", "=", r.id).execute();
    expect(ev.map((e) => e.type)).toEqual(["reply.posted"]);
    expect(await queuedEventJobs(db)).toBe(before + 1);
    const job = await sql<{ key: string }>`SELECT key FROM graphile_worker.jobs WHERE key = ${"event:" + ev[0].id}`.execute(db);
    expect(job.rows).toHaveLength(1);
  });

  it("a rolled-back write leaves neither the event nor its job", async () => {
    const events = Number((await db.selectFrom("events").select((e) => e.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
    const jobs = await queuedEventJobs(db);
    await expect(
      db.transaction().execute(async (trx) => {
        await recordEvent(trx, { type: "invitation.accepted", actorId: w.userIds.memberA, orgId: w.orgA.id, invitedBy: w.userIds.adminA });
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    const after = Number((await db.selectFrom("events").select((e) => e.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
    expect(after).toBe(events);
    expect(await queuedEventJobs(db)).toBe(jobs);
  });

  it("nothing is notified inside the request: only the job creates notifications, and running it twice creates nothing twice", async () => {
    const q = await question("Vem granskar AI-upphandlingar?");
    const r = await reply(ctx("memberB"), q.id, { body: "Vår jurist." });
    if (!r.ok) throw new Error("reply failed");
    expect(await unreadCount(ctx("memberA"))).toBe(0);
    await runEventJobs(db, url);
    const after = await myNotifications(ctx("memberA"));
    const answered = after.groups.filter((g) => g.kind === "question_answered" && g.title === "Vem granskar AI-upphandlingar?");
    expect(answered).toHaveLength(1);
    expect(answered[0].href).toBe(`/t/${q.id}-vem-granskar-ai-upphandlingar#p${r.number}`);
    const count = await unreadCount(ctx("memberA"));
    const ev = await db.selectFrom("events").select("id").where("post_id", "=", r.id).executeTakeFirstOrThrow();
    await dispatchEvent(db, ev.id); // a retried job
    expect(await unreadCount(ctx("memberA"))).toBe(count);
    const dispatched = await db.selectFrom("events").select("dispatched_at").where("id", "=", ev.id).executeTakeFirstOrThrow();
    expect(dispatched.dispatched_at).not.toBeNull();
  });

  it("accepting notifies the answerer and everyone who has the question too, never the one who accepted", async () => {
    const q = await question("Hur loggar ni Copilot-användning?");
    await setHaveQuestionToo(ctx("ambassadorA"), q.id, true);
    const a = await reply(ctx("memberB"), q.id, { body: "I Purview." });
    if (!a.ok) throw new Error("reply failed");
    expect((await acceptAnswer(ctx("memberA"), q.id, a.id)).ok).toBe(true);
    await runEventJobs(db, url);
    const kinds = async (who: keyof World["viewers"]) =>
      (await myNotifications(ctx(who))).groups.filter((g) => g.title === "Hur loggar ni Copilot-användning?").map((g) => g.kind).sort();
    expect(await kinds("memberB")).toEqual(["answer_accepted"]);
    expect(await kinds("ambassadorA")).toEqual(["question_solved"]);
    expect(await kinds("memberA")).toEqual(["question_answered"]);
  });

  it("helpful votes on one answer are batched into one notification with the count", async () => {
    const q = await question("Vilka AI-verktyg har ni upphandlat?");
    const a = await reply(ctx("memberB"), q.id, { body: "Copilot." });
    if (!a.ok) throw new Error("reply failed");
    await vote(ctx("memberA"), a.id, true);
    await vote(ctx("ambassadorA"), a.id, true);
    await vote(ctx("moderatorA"), a.id, true);
    await runEventJobs(db, url);
    const helpful = (await myNotifications(ctx("memberB"))).groups.filter((g) => g.kind === "helpful_vote" && g.title === "Vilka AI-verktyg har ni upphandlat?");
    expect(helpful).toHaveLength(1);
    expect(helpful[0].items[0].count).toBe(3);
  });
});
