import { Logger, runOnce } from "graphile-worker";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { reply, vote } from "../../app/forum/posts.server";
import { setHaveQuestionToo } from "../../app/forum/qa.server";
import { createThread } from "../../app/forum/threads.server";
import type { Viewer } from "../../app/policy";
import { privacyTasks } from "../../app/privacy/jobs.server";
import { downloadMyExport, myExports, requestMyExport } from "../../app/privacy/personal-export.server";
import { freshDatabase } from "../support/db";
import { createOrg, createUser, viewerFor } from "../support/factories";
import { createForumTags } from "../support/forum";
import { readZip, streamToBuffer } from "../support/zip";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { storeUploads } from "../../app/attachments/attachments.server";

// The personal-data export end to end: the request queues one graphile-worker job (a second is
// refused while it runs), the real job builds the zip into PostgreSQL chunks with progress, mails
// the single-use link; the zip (read with yauzl) holds the person's data and nothing about others
// beyond what they can read today; a used, expired or somebody else's link is not found.
let db: DB;
let url: string;
let destroy: () => Promise<void>;
let me: Viewer;
let other: Viewer;
let secretTitle: string;
const silent = new Logger(() => () => {});
const ctx = (viewer: Viewer | null, now = new Date()) => ({ db, viewer, now });
const runJobs = () => runOnce({ connectionString: url, taskList: privacyTasks(db), logger: silent, concurrency: 1 });

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  await createForumTags(db);
  const orgA = await createOrg(db, { name: "Gävle kommun" });
  const orgB = await createOrg(db, { name: "Sandvikens kommun" });
  me = await viewerFor(db, (await createUser(db, { orgId: orgA.id, name: "Ella Exportsson", email: "ella.export@gavle.test.se" })).id);
  other = await viewerFor(db, (await createUser(db, { orgId: orgA.id, name: "Olle Annansson", email: "olle.annan@gavle.test.se" })).id);
  const outsider = await viewerFor(db, (await createUser(db, { orgId: orgB.id, name: "Berit Bortom", email: "berit@sandviken.test.se" })).id);
  // A question by someone else, which I answer, vote on and have too.
  const q = await createThread(ctx(other), { kind: "question", title: "Hur loggar ni AI-beslut?", body: "Vi undrar.", tags: ["copilot"], orgId: orgA.id, audience: "network", sharedOrgIds: [] });
  if (!q.ok) throw new Error("thread");
  const theirs = await reply(ctx(other), q.id, { body: "Ett svar av Olle." });
  if (!theirs.ok) throw new Error("reply");
  expect((await reply(ctx(me), q.id, { body: "Mitt svar: vi loggar allt." })).ok).toBe(true);
  expect((await vote(ctx(me), theirs.id, true)).ok).toBe(true);
  expect((await setHaveQuestionToo(ctx(me), q.id, true)).ok).toBe(true);
  const mine = await createThread(ctx(me), { kind: "discussion", title: "Min egen tråd om upphandling", body: "Min text.", tags: ["copilot"], orgId: orgA.id, audience: "network", sharedOrgIds: [] });
  expect(mine.ok).toBe(true);
  // A thread only Sandviken can read, which I once voted in (a vote left from an old membership).
  secretTitle = "Sandvikens interna budgettråd";
  const secret = await createThread(ctx(outsider), { kind: "discussion", title: secretTitle, body: "Internt.", tags: ["copilot"], orgId: orgB.id, audience: "organisation", sharedOrgIds: [] });
  if (!secret.ok) throw new Error("secret");
  const sp = await reply(ctx(outsider), secret.id, { body: "Internt svar." });
  if (!sp.ok) throw new Error("secret reply");
  await db.insertInto("votes").values({ post_id: sp.id, user_id: me.id }).execute();
  await db.insertInto("flags").values({ target_type: "thread", target_id: secret.id, reporter_id: me.id, reason: "spam", text: "Min flaggning" }).execute();
  // A file I uploaded (through the attachment capability's own intake and blob store).
  const bytes = Buffer.from("Kravspecifikation för AI-tjänst\nKrav 1: loggning av beslut.\n", "utf8");
  const file = path.join(mkdtempSync(path.join(tmpdir(), "export-att-")), "krav.txt");
  writeFileSync(file, bytes);
  const stored = await storeUploads(ctx(me), [{ field: "files", rawName: "Kravspecifikation.txt", path: file, size: bytes.length, hash: createHash("sha256").update(bytes).digest("hex") }]);
  if (!stored[0].ok) throw new Error(`upload: ${JSON.stringify(stored)}`);
  // What I have read (the lists' markers), in a thread I may read and in one I may not any more.
  await db.insertInto("thread_reads").values([{ thread_id: q.id, user_id: me.id, last_read_number: 2 }, { thread_id: secret.id, user_id: me.id, last_read_number: 1 }]).execute();
  await db.insertInto("forum_visits").values({ user_id: me.id, seen_at: new Date(), previous_seen_at: null }).execute();
  await db.insertInto("accessibility_reports").values({ reporter_id: me.id, name: "Ella", email: "ella.export@gavle.test.se", page: "/cases", description: "Fokus syns inte på filtren.", locale: "sv" }).execute();
  await db.insertInto("accessibility_reports").values({ reporter_id: other.id, name: "Olle", email: "olle.annan@gavle.test.se", page: "/", description: "Olles rapport.", locale: "sv" }).execute();
  await db.insertInto("mail_consents").values({ user_id: me.id, kind: "reply", cadence: "daily", source: "settings" }).execute();
  await db.insertInto("sessions").values({ id: "s-me-1", user_id: me.id, expires_at: new Date(Date.now() + 3600_000), absolute_expires_at: new Date(Date.now() + 86_400_000), user_agent: "Firefox test" }).execute();
  await db.insertInto("audit_log").values({ actor_id: other.id, action: "user.network_role_changed", target_type: "user", target_id: me.id, details: JSON.stringify({ from: null, to: "moderator" }) }).execute();
});
afterAll(() => destroy());

const linkFor = async (email: string) => {
  const mails = await db.selectFrom("dev_mailbox").select(["text_body"]).where("to_address", "=", email).orderBy("id", "desc").execute();
  const m = /\/settings\/data\/download\/([A-Za-z0-9_-]{20,})/.exec(mails[0]?.text_body ?? "");
  return m?.[1] ?? null;
};

describe("personal-data export", () => {
  let token: string;
  let files: Map<string, Buffer>;

  it("queues one job; a second request while it runs is refused", async () => {
    const first = await requestMyExport(ctx(me));
    expect(first.ok).toBe(true);
    expect(await requestMyExport(ctx(me))).toEqual({ ok: false, reason: "busy" });
    const jobs = await sql<{ n: string }>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = 'personal_data_export'`.execute(db);
    expect(Number(jobs.rows[0].n)).toBe(1);
    const [status] = await myExports(ctx(me));
    expect(status.status).toBe("queued");
  });

  it("builds the zip in the background with progress, and mails a link", async () => {
    await runJobs();
    const [status] = await myExports(ctx(me));
    expect(status.status).toBe("done");
    expect(status.progress).toBe(status.total);
    expect(status.total).toBeGreaterThanOrEqual(14);
    const chunks = await db.selectFrom("data_export_chunks").select("seq").where("export_id", "=", status.id).execute();
    expect(chunks.length).toBeGreaterThanOrEqual(1);
    expect(new Date(status.expiresAt!).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    token = (await linkFor(me.email))!;
    expect(token).toBeTruthy();
    const stored = await db.selectFrom("data_exports").select("token_hash").where("id", "=", status.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token); // only the hash is stored
  });

  it("is nobody else's: another person's session with the token gets nothing", async () => {
    expect(await downloadMyExport(ctx(other), token)).toBeNull();
    expect(await downloadMyExport(ctx(null), token)).toBeNull();
  });

  it("downloads once, a zip with JSON and a readable index of the person's data", async () => {
    const file = await downloadMyExport(ctx(me), token);
    expect(file).not.toBeNull();
    const buf = await streamToBuffer(file!.stream);
    expect(buf.length).toBe(file!.bytes);
    files = await readZip(buf);
    for (const name of ["index.html", "profile.json", "memberships.json", "threads.json", "posts.json", "revisions.json", "cases.json", "votes.json", "flags.json", "me-too.json", "watches.json", "notification-settings.json", "sessions.json", "audit.json"]) {
      expect(files.has(name), name).toBe(true);
    }
    const json = (n: string) => JSON.parse(files.get(n)!.toString("utf8"));
    expect(json("profile.json")[0]).toMatchObject({ name: "Ella Exportsson", email: "ella.export@gavle.test.se", primary_org: "Gävle kommun" });
    expect(json("memberships.json")).toEqual([expect.objectContaining({ name: "Gävle kommun", role: "member" })]);
    expect(json("threads.json").map((t: { title: string }) => t.title)).toEqual(["Min egen tråd om upphandling"]);
    expect(json("posts.json")).toEqual([expect.objectContaining({ body_md: "Mitt svar: vi loggar allt.", thread_title: "Hur loggar ni AI-beslut?" })]);
    expect(json("votes.json")).toHaveLength(2);
    expect(json("me-too.json")).toEqual([expect.objectContaining({ thread_title: "Hur loggar ni AI-beslut?" })]);
    expect(json("flags.json")).toEqual([expect.objectContaining({ text: "Min flaggning", target_title: null })]);
    const reads = json("read-state.json") as { kind: string; last_read_number?: number; thread_title?: string | null }[];
    expect(reads.filter((r) => r.kind === "thread").map((r) => [r.last_read_number, r.thread_title]).sort()).toEqual([[1, null], [2, "Hur loggar ni AI-beslut?"]]);
    expect(reads.filter((r) => r.kind === "thread_list_visit")).toHaveLength(1);
    expect(json("accessibility-reports.json")).toEqual([expect.objectContaining({ page: "/cases", description: "Fokus syns inte på filtren." })]);
    expect(json("notification-settings.json")).toContainEqual(expect.objectContaining({ type: "consent", kind: "reply", cadence: "daily" }));
    expect(json("sessions.json")).toEqual([expect.objectContaining({ user_agent: "Firefox test" })]);
    expect(JSON.stringify(json("sessions.json"))).not.toContain("s-me-1"); // session ids are secrets
    expect(json("audit.json")).toEqual([expect.objectContaining({ action: "user.network_role_changed", actor: "administrator" })]);
    expect(json("attachments.json")).toEqual([expect.objectContaining({ filename: "Kravspecifikation.txt", mime: expect.stringMatching(/^text\/plain/) })]);
    const stored = [...files.keys()].find((k) => k.startsWith("attachments/") && k.endsWith("Kravspecifikation.txt"));
    expect(stored).toBeDefined();
    expect(files.get(stored!)!.toString("utf8")).toContain("Krav 1: loggning av beslut.");
    const html = files.get("index.html")!.toString("utf8");
    expect(html).toContain("<html lang=\"sv\"");
    expect(html).toContain("Ella Exportsson");
    expect(html).toContain("Mitt svar: vi loggar allt.");
  });

  it("holds nothing about others beyond what the person can read", async () => {
    const all = [...files.values()].map((b) => b.toString("utf8")).join("\n");
    expect(all).not.toContain(secretTitle);
    expect(all).not.toContain("Internt");
    expect(all).not.toContain("Olle Annansson");
    expect(all).not.toContain("olle.annan@gavle.test.se");
    expect(all).not.toContain("Berit");
    expect(all).not.toContain("Ett svar av Olle.");
    expect(all).not.toContain('"actor_id"');
  });

  it("is single use, and the id link on the page is spent too", async () => {
    expect(await downloadMyExport(ctx(me), token)).toBeNull();
    const [status] = await myExports(ctx(me));
    expect(await downloadMyExport(ctx(me), status.id)).toBeNull();
    expect(status.downloadedAt).not.toBeNull();
  });

  it("expires after 7 days", async () => {
    const r = await requestMyExport(ctx(me));
    expect(r.ok).toBe(true);
    await runJobs();
    const fresh = (await linkFor(me.email))!;
    expect(fresh).not.toBe(token);
    const eightDays = new Date(Date.now() + 8 * 86_400_000);
    expect(await downloadMyExport(ctx(me, eightDays), fresh)).toBeNull();
    const file = await downloadMyExport(ctx(me), fresh); // still valid today
    expect(file).not.toBeNull();
    await streamToBuffer(file!.stream);
  });

  it("refuses malformed links as not found", async () => {
    for (const key of ["", "x", "../../etc", "a".repeat(300), "-1", "99999999"]) expect(await downloadMyExport(ctx(me), key)).toBeNull();
  });
});
