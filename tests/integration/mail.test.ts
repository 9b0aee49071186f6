import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { Logger, makeWorkerUtils, runOnce } from "graphile-worker";
import type { DB } from "../../db/client";
import { createThread } from "../../app/forum/threads.server";
import { reply } from "../../app/forum/posts.server";
import { acceptAnswer } from "../../app/forum/qa.server";
import { eventTasks } from "../../app/events/dispatch.server";
import { mailTasks } from "../../app/mail/jobs.server";
import { runDigest } from "../../app/mail/digest.server";
import { unsubscribe } from "../../app/mail/unsubscribe.server";
import { unsubscribeToken } from "../../app/mail/token.server";
import type { MailConfig } from "../../app/mail/transport.server";
import { myMailSettings, saveMailSettings } from "../../app/notifications/preferences.server";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { createWorld, type World } from "../support/principals";
import { startSmtp } from "../support/smtp";
import { makeCase } from "../support/moderation";

const SECRET = "test-secret-for-mail-tokens";
const BASE = "https://allmanning.example.se";
let db: DB;
let url: string;
let destroy: () => Promise<void>;
let w: World;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const cfg = (): MailConfig => ({ smtpUrl: smtp.url, from: "Allmänning <noreply@allmanning.example.se>", baseUrl: BASE, secret: SECRET, unsubscribeMailto: null, devMailbox: false });
const ctx = (name: keyof World["viewers"]) => ({ db, viewer: w.viewers[name], now: new Date() });
const silent = new Logger(() => () => {});
/** Runs every due event and mail job through the real queue (what the app's worker does). */
const runJobs = () => runOnce({ connectionString: url, taskList: { ...eventTasks(db), ...mailTasks(db, cfg()) }, logger: silent, concurrency: 1 });
const outbox = () => db.selectFrom("mail_outbox").selectAll().orderBy("id").execute();
const to = (name: keyof World["userIds"]) => w.viewers[name]!.email;

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  w = await createWorld(db);
  await createForumTags(db);
  smtp = await startSmtp({ rejectRcpt: /^bounce/ });
  await db.updateTable("users").set({ locale: "en" }).where("id", "=", w.userIds.memberB).execute();
  await db.updateTable("users").set({ locale: "sv" }).where("id", "=", w.userIds.memberA).execute();
});
afterAll(async () => {
  await smtp.stop();
  await destroy();
});

async function question(title: string) {
  const q = await createThread(ctx("memberA"), { kind: "question", title, body: "Text", tags: ["copilot"], orgId: w.orgA.id, audience: "network", sharedOrgIds: [] });
  if (!q.ok) throw new Error("create failed");
  return q;
}

describe("immediate mail: a subscriber, sent by the job over real SMTP", () => {
  it("an accepted answer mails the answerer in English and the asker in Swedish, with both parts, #pN links, footer and RFC 8058 headers", async () => {
    const q = await question("Hur skriver ni promptpolicyn?");
    const a = await reply(ctx("memberB"), q.id, { body: "Vi har en mall." });
    if (!a.ok) throw new Error("reply failed");
    expect((await acceptAnswer(ctx("memberA"), q.id, a.id)).ok).toBe(true);
    const before = smtp.messages.length;
    await runJobs();
    const mine = smtp.messages.slice(before);
    const toB = mine.find((m) => m.to.includes(to("memberB")))!;
    const toA = mine.find((m) => m.to.includes(to("memberA")))!;
    expect(toB, "answerer mailed").toBeTruthy();
    expect(toA, "asker mailed (question answered)").toBeTruthy();
    expect(toB.subject).toBe("Your answer was accepted: Hur skriver ni promptpolicyn?");
    expect(toA.subject).toMatch(/^Din fråga har fått ett svar: Hur skriver ni promptpolicyn\?/);
    for (const m of [toA, toB]) {
      expect(m.headers.get("content-type")).toMatch(/^multipart\/alternative/);
      expect(m.text).toContain(`${BASE}/t/${q.id}-`);
      expect(m.text).toContain(`#p${a.number}`);
      expect(m.html).toContain(`#p${a.number}"`);
      expect(m.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
      expect(m.headers.get("list-unsubscribe")).toMatch(new RegExp(`^<${BASE.replace(/\./g, "\\.")}/unsubscribe\\?t=[^>]+>$`));
    }
    expect(toB.text).toContain("You get this e-mail because you chose e-mail for: Your answer accepted.");
    expect(toB.html).toContain('lang="en"');
    expect(toA.text).toContain("Du får det här mejlet eftersom du har valt e-post för: Svar på dina frågor.");
    expect(toA.html).toContain('lang="sv"');
    // A rerun of the jobs sends nothing twice.
    const n = smtp.messages.length;
    await runJobs();
    expect(smtp.messages.length).toBe(n);
  });

  it("one-click unsubscribe with the header's token switches exactly that kind off and records consent; forged, other-person and expired tokens change nothing", async () => {
    const m = smtp.messages.find((x) => x.to.includes(to("memberB")))!;
    const token = decodeURIComponent(/\?t=([^>]+)>/.exec(m.headers.get("list-unsubscribe")!)![1]);
    const prefsB = async () => (await myMailSettings(ctx("memberB")))!.prefs;
    const [uid, kind, exp, sig] = token.split(".");
    const forged = `${uid}.${kind}.${exp}.${sig.slice(0, -2)}${sig.endsWith("AA") ? "BB" : "AA"}`;
    const otherPerson = `${w.userIds.memberA}.${kind}.${exp}.${sig}`;
    const expiredToken = unsubscribeToken(SECRET, w.userIds.memberB, "answer_accepted", new Date(Date.now() - 91 * 86_400_000));
    for (const bad of [forged, otherPerson, expiredToken, "", "garbage"]) {
      expect((await unsubscribe({ db, now: new Date() }, bad, SECRET)).ok).toBe(false);
    }
    expect((await prefsB()).answer_accepted).toBe("immediately");
    expect((await myMailSettings(ctx("memberA")))!.prefs.answer_accepted).toBe("immediately");
    expect(await db.selectFrom("mail_consents").selectAll().execute()).toEqual([]);
    const ok = await unsubscribe({ db, now: new Date() }, token, SECRET);
    expect(ok).toMatchObject({ ok: true, scope: "answer_accepted", changed: 1 });
    const p = await prefsB();
    expect(p.answer_accepted).toBe("never");
    expect(p.mention).toBe("immediately");
    const log = await db.selectFrom("mail_consents").selectAll().execute();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ user_id: w.userIds.memberB, kind: "answer_accepted", cadence: "never", source: "unsubscribe" });
    expect(log[0].recorded_at).toBeInstanceOf(Date);
  });

  it("the read rule is re-checked at send time: an answer hidden before the job runs sends no mail", async () => {
    const q = await question("Tråden som döljs innan mejlet går");
    await runJobs();
    const a = await reply(ctx("memberB"), q.id, { body: "Ett svar." });
    if (!a.ok) throw new Error("reply failed");
    // The event job runs (notification + queued mail), then the thread is hidden, then the send job runs.
    await runOnce({ connectionString: url, taskList: eventTasks(db), logger: silent, concurrency: 1 });
    const queued = (await outbox()).filter((r) => !r.sent_at && !r.skipped_at && !r.failed_at);
    expect(queued.length).toBe(1);
    await db.updateTable("posts").set({ hidden_at: new Date() }).where("id", "=", a.id).execute();
    const before = smtp.messages.length;
    await runJobs();
    expect(smtp.messages.length).toBe(before);
    const row = (await outbox()).find((r) => r.id === queued[0].id)!;
    expect(row.skipped_at).not.toBeNull();
  });
});

describe("delivery failures", () => {
  async function queueMentions(userIds: string[]) {
    // A mention event per person, through the real outbox and fan-out.
    const t = await question(`Omnämnanden ${Date.now()}`);
    const { recordEvent } = await import("../../app/events/events.server");
    for (const u of userIds) await recordEvent(db, { type: "mention", actorId: w.userIds.memberB, threadId: t.id, postId: null, userIds: [u] });
    await runOnce({ connectionString: url, taskList: eventTasks(db), logger: silent, concurrency: 1 });
  }

  it("a permanent refusal (550) marks that mail failed and ends its job; the others still go", async () => {
    const bounceId = w.userIds.networkAdmin;
    await db.updateTable("users").set({ email: "bounce@kommun-x.example.se" }).where("id", "=", bounceId).execute();
    const before = smtp.messages.length;
    await queueMentions([bounceId, w.userIds.ambassadorA]);
    await runJobs();
    expect(smtp.messages.slice(before).map((m) => m.to[0])).toEqual([to("ambassadorA")]);
    const failed = (await outbox()).filter((r) => r.user_id === bounceId);
    expect(failed.at(-1)!.failed_at).not.toBeNull();
    expect(failed.at(-1)!.error).toMatch(/550/);
    const left = await sql<{ n: string }>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = 'mail_send'`.execute(db);
    expect(Number(left.rows[0].n)).toBe(0);
  });

  it("an SMTP server that is down delays mail and loses none: every mail arrives after it comes back", async () => {
    const names = ["memberA", "moderatorA", "adminA", "ambassadorA", "networkModerator"] as const;
    const people = names.map((n) => w.userIds[n]);
    const before = smtp.messages.length;
    await smtp.stop();
    await queueMentions(people);
    await runJobs(); // every attempt fails: connection refused
    expect(smtp.messages.length).toBe(before);
    const jobs = await sql<{ id: string; attempts: number; last_error: string | null }>`SELECT id::text, attempts, last_error FROM graphile_worker.jobs WHERE task_identifier = 'mail_send'`.execute(db);
    expect(jobs.rows).toHaveLength(people.length);
    expect(jobs.rows.every((j) => j.attempts === 1 && /ECONNREFUSED|connect/i.test(j.last_error ?? ""))).toBe(true);
    await smtp.start();
    // Time passes: the retries become due (graphile-worker's backoff would wait seconds to minutes).
    const utils = await makeWorkerUtils({ connectionString: url, logger: silent });
    await utils.rescheduleJobs(jobs.rows.map((j) => j.id), { runAt: new Date() });
    await utils.release();
    await runJobs();
    expect(smtp.messages.slice(before).map((m) => m.to[0]).sort()).toEqual(names.map((n) => to(n)).sort());
    const left = await sql<{ n: string }>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = 'mail_send'`.execute(db);
    expect(Number(left.rows[0].n)).toBe(0);
  });
});

describe("digests", () => {
  it("a daily digest lists new threads in a watched tag and open questions; nothing new → no mail; a rerun sends nothing twice", async () => {
    const tag = await db.selectFrom("tags").select("id").where("slug", "=", "copilot").executeTakeFirstOrThrow();
    await db.insertInto("watches").values({ user_id: w.userIds.memberB, target_type: "tag", target_id: tag.id, level: "watching" }).execute();
    const start = new Date();
    await runDigest(db, "daily", start); // everyone's "last digest" is now
    await runJobs();
    const before = smtp.messages.length;
    const q = await question("En ny fråga i en bevakad tagg");
    await runJobs(); // fan-out: new_thread for memberB (daily by default)
    const now = new Date(Date.now() + 1000);
    const r = await runDigest(db, "daily", now);
    expect(r.queued).toBe(1);
    await runJobs();
    const got = smtp.messages.slice(before);
    expect(got.map((m) => m.to[0])).toEqual([to("memberB")]);
    const d = got[0];
    expect(d.subject).toBe("New in Allmänning today");
    expect(d.text).toContain("En ny fråga i en bevakad tagg");
    expect(d.text).toContain(`${BASE}/t/${q.id}-`);
    expect(d.text).toContain("Open questions in your areas");
    expect(d.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const token = decodeURIComponent(/\?t=([^>]+)>/.exec(d.headers.get("list-unsubscribe")!)![1]);
    expect(token.split(".")[1]).toBe("digest:daily");
    expect((await runDigest(db, "daily", new Date(now.getTime() + 1000))).queued).toBe(0);
  });

  it("a digest lists new case studies and adoptions in the reader's areas, only those they may read", async () => {
    const tag = await db.selectFrom("tags").select("id").where("slug", "=", "copilot").executeTakeFirstOrThrow();
    await db.updateTable("digest_runs").set({ last_run_at: new Date(Date.now() - 1000) }).execute(); // everyone was digested a second ago
    const before = smtp.messages.length;
    const open = await makeCase(db, { orgId: w.orgA.id, authorId: w.userIds.ambassadorA, visibility: "network", title: "Ny fallstudie om Copilot" });
    const closed = await makeCase(db, { orgId: w.orgA.id, authorId: w.userIds.ambassadorA, visibility: "organisation", title: "Intern fallstudie om Copilot" });
    const older = await makeCase(db, { orgId: w.orgA.id, authorId: w.userIds.ambassadorA, visibility: "network", title: "Äldre fallstudie som införts" });
    await db.updateTable("cases").set({ published_at: new Date(Date.now() - 30 * 86_400_000) }).where("id", "=", older).execute();
    await db.insertInto("case_tags").values([open, closed, older].map((case_id) => ({ case_id, tag_id: tag.id }))).execute();
    await db.insertInto("adoptions").values({ case_id: older, org_id: w.orgB.id, status: "adopted", adopted_on: "2026-12-01", created_by: w.userIds.memberB }).execute();
    const r = await runDigest(db, "daily", new Date(Date.now() + 1000));
    expect(r.queued).toBeGreaterThanOrEqual(1);
    await runJobs();
    const d = smtp.messages.slice(before).find((m) => m.to[0] === to("memberB"));
    expect(d, "memberB (watches the tag) gets a digest").toBeTruthy();
    expect(d!.text).toContain("New case studies in your areas");
    expect(d!.text).toContain("Ny fallstudie om Copilot");
    expect(d!.text).toContain(`${BASE}/cases/${open}`);
    expect(d!.text).toContain("Case studies more organisations have adopted");
    expect(d!.text).toContain("Äldre fallstudie som införts");
    // Kommun A's organisation-only case is not memberB's to read: never named.
    expect(d!.text + d!.html).not.toContain("Intern fallstudie om Copilot");
  });

  it("a digest item the reader may no longer read is left out, and a digest left empty is not sent", async () => {
    await db.updateTable("digest_runs").set({ last_run_at: new Date() }).execute(); // everyone was just digested
    const q = await question("Frågan som försvinner före sammanfattningen");
    await runJobs();
    const now = new Date(Date.now() + 1000);
    expect((await runDigest(db, "daily", now)).queued).toBe(1);
    await db.updateTable("threads").set({ deleted_at: new Date() }).where("id", "=", q.id).execute();
    const before = smtp.messages.length;
    await runJobs();
    expect(smtp.messages.length).toBe(before);
  });
});

describe("settings", () => {
  it("a malformed value names its field and changes nothing; a valid form records each change with its time", async () => {
    const values = Object.fromEntries(Object.entries((await myMailSettings(ctx("memberA")))!.prefs).map(([k, v]) => [`mail.${k}`, v]));
    const bad = await saveMailSettings(ctx("memberA"), { ...values, "mail.reply": "hourly" });
    expect(bad).toEqual({ ok: false, errors: { "mail.reply": "mail:settings.invalid" } });
    const ok = await saveMailSettings(ctx("memberA"), { ...values, "mail.reply": "weekly", "mail.mention": "never" });
    expect(ok).toEqual({ ok: true, changed: 2 });
    const p = (await myMailSettings(ctx("memberA")))!;
    expect(p.prefs.reply).toBe("weekly");
    expect(p.consents.map((c) => `${c.kind}:${c.cadence}:${c.source}`).sort()).toEqual(["mention:never:settings", "reply:weekly:settings"]);
  });
});
