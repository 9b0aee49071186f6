import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Logger, runOnce } from "graphile-worker";
import type { DB } from "../../db/client";
import { eventTasks } from "../../app/events/dispatch.server";
import { reply } from "../../app/forum/posts.server";
import { setHaveQuestionToo } from "../../app/forum/qa.server";
import { createThread } from "../../app/forum/threads.server";
import { mailTasks } from "../../app/mail/jobs.server";
import type { MailConfig } from "../../app/mail/transport.server";
import { mergeSchema, mergeThreads } from "../../app/moderation/merge.server";
import { moveSchema, moveThread } from "../../app/moderation/move.server";
import { myNotifications, unreadCount } from "../../app/notifications/notifications.server";
import { myWatchLevel, setWatchLevel } from "../../app/watching/watching.server";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { createWorld, type PrincipalName, type World } from "../support/principals";
import { startSmtp } from "../support/smtp";

// Merging and moving threads vs. the people watching them (issue 16 item 7). A merge carries the
// duplicate's watchers and "same question" followers to the target — only those the target's
// read rule admits, no duplicates, a level chosen on the target stays — inside the merge's
// transaction. A move that narrows the audience leaves the watchers who can no longer read the
// thread without any notification or mail of a new reply (the real event and mail jobs, real SMTP).
let db: DB;
let url: string;
let destroy: () => Promise<void>;
let w: World;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
type Who = Exclude<PrincipalName, "anonymous">;
const ctx = (p: PrincipalName) => ({ db, viewer: w.viewers[p], now: new Date() });
const silent = new Logger(() => () => {});
const cfg = (): MailConfig => ({ smtpUrl: smtp.url, from: "Allmänning <noreply@allmanning.example.se>", baseUrl: "https://allmanning.example.se", secret: "watchers-secret", unsubscribeMailto: null, devMailbox: false });
/** Every due event and mail job through the real queue (what the app's worker does). */
const runJobs = () => runOnce({ connectionString: url, taskList: { ...eventTasks(db), ...mailTasks(db, cfg()) }, logger: silent, concurrency: 1 });
const name = (id: string) => Object.entries(w.userIds).find(([, v]) => v === id)?.[0];
const watchesOn = async (threadId: string) =>
  Object.fromEntries((await db.selectFrom("watches").select(["user_id", "level"]).where("target_type", "=", "thread").where("target_id", "=", threadId).execute())
    .map((r) => [name(r.user_id), r.level]));
const followersOf = async (threadId: string) =>
  (await db.selectFrom("question_followers").select("user_id").where("thread_id", "=", threadId).execute()).map((r) => name(r.user_id)).sort();
const titlesFor = async (p: PrincipalName) => (await myNotifications(ctx(p))).groups.map((g) => `${g.kind}:${g.title}`);

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  w = await createWorld(db);
  await createForumTags(db);
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp.stop();
  await destroy();
});

async function question(who: Who, title: string, audience: "organisation" | "network") {
  const r = await createThread(ctx(who), { kind: "question", title, body: "Text", tags: ["copilot"], orgId: w.orgA.id, audience, sharedOrgIds: [] });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.id;
}
const watch = async (who: Who, threadId: string, level: string) => expect((await setWatchLevel(ctx(who), { targetType: "thread", targetId: threadId, level })).ok, `${who} ${level}`).toBe(true);

describe("merge carries watchers and followers to the target", () => {
  it("readers of the target watch it afterwards with their level, once each; a level chosen there stays; others get nothing", async () => {
    // A: memberA's network-wide question. B: moderatorA's question for Kommun A only (memberB and the network roles can't read it).
    const a = await question("memberA", "Dubblett om promptbibliotek", "network");
    const b = await question("moderatorA", "Promptbibliotek i kommunen", "organisation");
    await watch("ambassadorA", a, "watching");
    await watch("adminA", a, "tracking");
    await watch("adminA", b, "muted");
    await watch("memberB", a, "watching");
    await watch("networkModerator", a, "watching");
    // A person deactivated after they started watching: no viewer, so no watch on the target.
    await db.insertInto("watches").values({ user_id: w.userIds.deactivated, target_type: "thread", target_id: a, level: "watching" }).execute();
    for (const [who, on] of [["ambassadorA", a], ["ambassadorA", b], ["adminA", a], ["memberB", a]] as const) {
      expect((await setHaveQuestionToo(ctx(who), on, true)).ok, `${who} follows ${on}`).toBe(true);
    }
    expect(await watchesOn(b)).toEqual({ moderatorA: "watching", adminA: "muted" });

    const r = await mergeThreads(ctx("moderatorA"), mergeSchema.parse({ targetId: a, into: b, confirm: "1", reason: "Samma fråga" }));
    expect(r.ok).toBe(true);

    // On the target: the carried watchers with their own level, adminA's muted choice kept, nobody who can't read it.
    expect(await watchesOn(b)).toEqual({ moderatorA: "watching", adminA: "muted", memberA: "watching", ambassadorA: "watching" });
    expect((await myWatchLevel(ctx("memberA"), "thread", b)).level).toBe("watching");
    expect((await myWatchLevel(ctx("memberB"), "thread", b)).level).toBe("normal");
    // On the removed duplicate: only the rows of those who were not carried.
    expect(await watchesOn(a)).toEqual({ memberB: "watching", networkModerator: "watching", deactivated: "watching" });
    expect(await followersOf(b)).toEqual(["adminA", "ambassadorA"]);
    expect(await followersOf(a)).toEqual(["memberB"]);
    // The audit entry as before, with what was carried.
    const audit = await db.selectFrom("audit_log").select(["action", "details"]).where("target_type", "=", "thread").where("target_id", "=", a).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].action).toBe("thread.merge");
    expect(audit[0].details).toMatchObject({ into: b, watchers: 2, followers: 1 });

    // A second submit of the same merge changes nothing and duplicates nothing.
    const again = await mergeThreads(ctx("moderatorA"), mergeSchema.parse({ targetId: a, into: b, confirm: "1" }));
    expect(again.ok).toBe(false);
    expect(await watchesOn(b)).toEqual({ moderatorA: "watching", adminA: "muted", memberA: "watching", ambassadorA: "watching" });
    expect(await followersOf(b)).toEqual(["adminA", "ambassadorA"]);

    // A new reply on the target reaches the carried watchers, never the muted one or those who can't read it.
    await runJobs();
    const posted = await reply(ctx("moderatorA"), b, { body: "Ett nytt svar efter sammanslagningen." });
    expect(posted.ok).toBe(true);
    await runJobs();
    const news = await db.selectFrom("notifications").select(["user_id", "kind"]).where("thread_id", "=", b).where("kind", "in", ["reply", "question_answered"]).execute();
    expect(news.map((n) => `${name(n.user_id)}:${n.kind}`).sort()).toEqual(["ambassadorA:reply", "memberA:reply"]);
  });

  it("a watcher with a level on the target keeps that level (one row), one who cannot read the target gets nothing", async () => {
    const a = await question("memberA", "Ännu en dubblett", "network");
    const b = await question("moderatorA", "Originalet", "organisation");
    await watch("memberA", b, "tracking"); // memberA watches A (the default) and tracks B
    await watch("memberB", a, "watching");
    expect((await mergeThreads(ctx("moderatorA"), mergeSchema.parse({ targetId: a, into: b, confirm: "1" }))).ok).toBe(true);
    expect(await watchesOn(b)).toEqual({ moderatorA: "watching", memberA: "tracking" });
    expect(await watchesOn(a)).toEqual({ memberB: "watching" });
  });
});

describe("move: a watcher who can no longer read the thread hears nothing of it", () => {
  it("after a move to Kommun A only, a new reply notifies and mails only those who still read it", async () => {
    const title = "Tråden som flyttas till kommunen";
    const t = await question("memberA", title, "network");
    for (const who of ["ambassadorA", "memberB", "networkModerator"] as const) await watch(who, t, "watching");
    await db.insertInto("mail_preferences")
      .values((["memberA", "ambassadorA", "memberB", "networkModerator"] as const).flatMap((p) => (["reply", "question_answered"] as const).map((kind) => ({ user_id: w.userIds[p], kind, cadence: "immediately" as const }))))
      .onConflict((oc) => oc.columns(["user_id", "kind"]).doUpdateSet({ cadence: "immediately" }))
      .execute();
    await runJobs();
    const bellBefore = await unreadCount(ctx("memberB"));
    const mailMark = (await db.selectFrom("mail_outbox").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst())?.id ?? "0";

    const moved = await moveThread(ctx("moderatorA"), moveSchema.parse({ targetId: t, orgId: w.orgA.id, visibility: "organisation", reason: "Intern fråga" }));
    expect(moved.ok).toBe(true);
    const sentBefore = smtp.messages.length;
    const posted = await reply(ctx("adminA"), t, { body: "Ett svar efter flytten." });
    expect(posted.ok).toBe(true);
    await runJobs();

    const news = await db.selectFrom("notifications").select(["user_id", "kind"]).where("thread_id", "=", t).where("kind", "in", ["reply", "question_answered"]).execute();
    expect(news.map((n) => `${name(n.user_id)}:${n.kind}`).sort()).toEqual(["ambassadorA:reply", "memberA:question_answered"]);
    // Nothing queued for them (the old watchers), so nothing sent; those who still read it get their mail.
    const mails = await db.selectFrom("mail_outbox").select(["user_id"]).where("id", ">", mailMark).where("user_id", "in", [w.userIds.memberB, w.userIds.networkModerator]).execute();
    expect(mails).toEqual([]);
    const got = smtp.messages.slice(sentBefore);
    const rcpt = (p: Who) => w.viewers[p]!.email;
    expect([...new Set(got.map((m) => m.to[0]))].sort()).toEqual([rcpt("ambassadorA"), rcpt("memberA")].sort());
    expect(got.filter((m) => m.to[0] === rcpt("ambassadorA")).every((m) => `${m.subject}${m.text}`.includes(title))).toBe(true);
    expect(await unreadCount(ctx("memberB"))).toBe(bellBefore);
    expect((await titlesFor("memberB")).join()).not.toContain(title);
    expect((await titlesFor("networkModerator")).join()).not.toContain(title);
  });

  it("a reply notified and mailed-to-be before the move: the mail is skipped at send time and the bell no longer counts it", async () => {
    const title = "Svar före flytten";
    const t = await question("memberA", title, "network");
    await watch("memberB", t, "watching");
    await db.insertInto("mail_preferences").values({ user_id: w.userIds.memberB, kind: "reply", cadence: "immediately" })
      .onConflict((oc) => oc.columns(["user_id", "kind"]).doUpdateSet({ cadence: "immediately" })).execute();
    await runJobs();
    const bell = await unreadCount(ctx("memberB"));
    expect((await reply(ctx("adminA"), t, { body: "Ett svar före flytten." })).ok).toBe(true);
    // The event job runs (notification + queued mail), then the thread moves, then the mail job.
    await runOnce({ connectionString: url, taskList: eventTasks(db), logger: silent, concurrency: 1 });
    expect(await unreadCount(ctx("memberB"))).toBe(bell + 1);
    const queued = await db.selectFrom("mail_outbox").select(["id"]).where("user_id", "=", w.userIds.memberB).where("sent_at", "is", null).where("skipped_at", "is", null).execute();
    expect(queued).toHaveLength(1);
    expect((await moveThread(ctx("moderatorA"), moveSchema.parse({ targetId: t, orgId: w.orgA.id, visibility: "organisation" }))).ok).toBe(true);
    const sentBefore = smtp.messages.length;
    await runJobs();
    expect(smtp.messages.slice(sentBefore).filter((m) => m.to.includes(w.viewers.memberB!.email))).toEqual([]);
    const row = await db.selectFrom("mail_outbox").select(["sent_at", "skipped_at"]).where("id", "=", queued[0].id).executeTakeFirstOrThrow();
    expect(row.sent_at).toBeNull();
    expect(row.skipped_at).not.toBeNull();
    expect(await unreadCount(ctx("memberB"))).toBe(bell);
  });
});
