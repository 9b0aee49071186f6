import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { dispatchEvent } from "../../app/events/dispatch.server";
import { recordEvent } from "../../app/events/events.server";
import { myNotifications, unreadCount } from "../../app/notifications/notifications.server";
import fc from "fast-check";
import { Logger, runOnce } from "graphile-worker";
import { mailTasks } from "../../app/mail/jobs.server";
import { enqueueMails } from "../../app/mail/outbox.repo.server";
import { startSmtp } from "../support/smtp";
import { sql } from "kysely";
import { spawnApp, waitForStatus, type AppProcess } from "../support/app-process";
import { FACTORY_PASSWORD } from "../support/factories";
import { freshDatabase } from "../support/db";
import { makeCase, makePost, makeThread } from "../support/moderation";
import { createWorld, PRINCIPALS, signInPrincipals, type PrincipalName, type World } from "../support/principals";

// Authorization matrix, notifications axis: every principal × visibility × state × kind, in the
// bell (unread count), on the notifications page (title shown or "no longer available", never
// the title), and at delivery (the fan-out of a real event to people watching). The thread and
// the case belong to Kommun A and are written by ambassadorA; the reply is memberA's. "chosen"
// shares an organisation-only item with Kommun B. Expectations are written out here, not
// derived from app/policy.
type Vis = "organisation" | "chosen" | "network" | "public";
const VIS: Vis[] = ["organisation", "chosen", "network", "public"];
const POST_STATES = ["live", "threadHidden", "threadDeleted", "postHidden", "postDeleted", "discussionCaseHidden", "discussionCaseDeleted"] as const;
const THREAD_STATES = ["live", "threadHidden", "threadDeleted"] as const;
const CASE_STATES = ["live", "draft", "caseHidden", "caseDeleted"] as const;
type State = (typeof POST_STATES)[number] | (typeof CASE_STATES)[number];
type Kind = "reply" | "new_thread" | "case_updated";

const A = ["memberA", "ambassadorA", "moderatorA", "adminA"] as const;
const NET = ["networkModerator", "networkAdmin"] as const;
const READERS: Record<Vis, readonly PrincipalName[]> = {
  organisation: A,
  chosen: [...A, "memberB"],
  network: [...A, "memberB", ...NET],
  public: [...A, "memberB", ...NET],
};
const RECIPIENTS = PRINCIPALS.filter((p) => p !== "anonymous");

/** Who may still read the item a notification points at, by hand. */
function expected(p: PrincipalName, vis: Vis, state: State, kind: Kind): boolean {
  if (!READERS[vis].includes(p)) return false;
  const threadMods: PrincipalName[] = ["moderatorA", "adminA", ...(vis === "network" || vis === "public" ? NET : [])];
  switch (state) {
    case "live":
      return true;
    case "threadHidden":
      return p === "ambassadorA" || threadMods.includes(p);
    case "postHidden":
      return kind === "reply" && (p === "memberA" || threadMods.includes(p));
    case "draft":
    case "caseHidden":
    case "discussionCaseHidden": // a reply in the discussion of a hidden case follows the case
      return ["ambassadorA", "moderatorA", "adminA"].includes(p) || threadMods.includes(p);
    default:
      return false; // anything deleted
  }
}

let db: DB;
let url: string;
let destroy: () => Promise<void>;
let w: World;
type Item = { title: string; vis: Vis; state: State; kind: Kind; threadId?: string; postId?: string; caseId?: string };
const items: Item[] = [];

async function makeItems() {
  for (const vis of VIS) {
    const visibility = vis === "chosen" ? "organisation" : vis;
    const shared = vis === "chosen" ? [w.orgB.id] : [];
    for (const kind of ["reply", "new_thread"] as const) {
      for (const state of kind === "reply" ? POST_STATES : THREAD_STATES) {
        const title = `Matris ${kind} ${vis} ${state}`;
        const threadId = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.ambassadorA, visibility, shared, title });
        const postId = kind === "reply" ? await makePost(db, { threadId, authorId: w.userIds.memberA }) : undefined;
        const now = new Date();
        if (state === "threadHidden") await db.updateTable("threads").set({ hidden_at: now }).where("id", "=", threadId).execute();
        if (state === "threadDeleted") await db.updateTable("threads").set({ deleted_at: now }).where("id", "=", threadId).execute();
        if (state === "postHidden") await db.updateTable("posts").set({ hidden_at: now }).where("id", "=", postId!).execute();
        if (state === "postDeleted") await db.updateTable("posts").set({ deleted_at: now }).where("id", "=", postId!).execute();
        if (state === "discussionCaseHidden" || state === "discussionCaseDeleted") {
          const caseId = await makeCase(db, { orgId: w.orgA.id, authorId: w.userIds.ambassadorA, visibility, title: `Fall för ${title}` });
          const gone = state === "discussionCaseHidden" ? { hidden_at: now } : { deleted_at: now };
          await db.updateTable("cases").set({ discussion_thread_id: threadId, shared_org_ids: shared, ...gone }).where("id", "=", caseId).execute();
        }
        items.push({ title, vis, state, kind, threadId, postId });
      }
    }
    for (const state of CASE_STATES) {
      const title = `Matris case ${vis} ${state}`;
      const caseId = await makeCase(db, { orgId: w.orgA.id, authorId: w.userIds.ambassadorA, visibility, title });
      if (shared.length) await db.updateTable("cases").set({ shared_org_ids: shared }).where("id", "=", caseId).execute();
      const now = new Date();
      if (state === "draft") await db.updateTable("cases").set({ state: "draft", published_at: null }).where("id", "=", caseId).execute();
      if (state === "caseHidden") await db.updateTable("cases").set({ hidden_at: now }).where("id", "=", caseId).execute();
      if (state === "caseDeleted") await db.updateTable("cases").set({ deleted_at: now }).where("id", "=", caseId).execute();
      items.push({ title, vis, state, kind: "case_updated", caseId });
    }
  }
}

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  w = await createWorld(db);
  await makeItems();
  // Every recipient holds one unread notification per item (as if delivered before the change).
  await db
    .insertInto("notifications")
    .values(items.flatMap((it, i) => RECIPIENTS.map((p) => ({
      user_id: w.userIds[p as Exclude<PrincipalName, "anonymous">], kind: it.kind, thread_id: it.threadId ?? null, post_id: it.postId ?? null,
      case_id: it.caseId ?? null, dedupe_key: `matrix:${i}`, data: "{}",
    }))))
    .execute();
});
afterAll(() => destroy());

const ctx = (p: PrincipalName) => ({ db, viewer: w.viewers[p], now: new Date() });

describe("notifications matrix: bell and page", () => {
  for (const p of PRINCIPALS) {
    it(`${p}: the bell counts and the page titles exactly what they may read now; the rest shows no title`, async () => {
      const want = items.filter((it) => expected(p, it.vis, it.state, it.kind)).map((it) => it.title).sort();
      expect(await unreadCount(ctx(p))).toBe(want.length);
      const page = await myNotifications(ctx(p));
      const shown = page.groups.flatMap((g) => g.items).filter((i) => i.available).map((i) => i.title).sort();
      expect(shown).toEqual(want);
      const hidden = page.groups.flatMap((g) => g.items).filter((i) => !i.available);
      expect(hidden.every((i) => i.title === null && i.href === null && i.actorName === null)).toBe(true);
      const json = JSON.stringify(page);
      for (const it of items) if (!want.includes(it.title)) expect(json).not.toContain(it.title);
      // Principals without a viewer (signed out, deactivated, removed) see nothing at all.
      if (!w.viewers[p]) expect(page.groups).toEqual([]);
    });
  }
});

describe("notifications matrix: the bell's SQL count agrees with the page's predicate", () => {
  // The bell counts in SQL (readableUnreadCount); the page applies canReadNotificationTarget to
  // each row. On random read/unread mixes of the whole matrix, for every principal, the SQL
  // count equals the number of unread rows the predicate lets through.
  it("for any set of read notifications, every principal's bell == the predicate's count of unread available items", async () => {
    const all = await db.selectFrom("notifications").select(["id", "user_id"]).where("dedupe_key", "like", "matrix:%").execute();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: all.length, maxLength: all.length }), async (readMask) => {
        const read = all.filter((_, i) => readMask[i]).map((n) => n.id);
        await db.updateTable("notifications").set({ read_at: null }).where("dedupe_key", "like", "matrix:%").execute();
        if (read.length) await db.updateTable("notifications").set({ read_at: new Date() }).where("id", "in", read).execute();
        for (const p of PRINCIPALS) {
          const page = await myNotifications(ctx(p));
          const byPredicate = page.groups.flatMap((g) => g.items).filter((i) => i.unread && i.available).length;
          expect(await unreadCount(ctx(p)), p).toBe(byPredicate);
        }
      }),
      { numRuns: 15 },
    );
    await db.updateTable("notifications").set({ read_at: null }).where("dedupe_key", "like", "matrix:%").execute();
  });

  it("the count is capped after the read rule: 100 unreadable rows do not hide the readable ones behind them", async () => {
    const gone = items.find((it) => it.kind === "reply" && it.vis === "network" && it.state === "threadDeleted")!;
    const live = items.find((it) => it.kind === "reply" && it.vis === "network" && it.state === "live")!;
    const before = await unreadCount(ctx("memberB"));
    await db.insertInto("notifications").values(Array.from({ length: 120 }, (_, i) => ({
      user_id: w.userIds.memberB, kind: "reply", thread_id: gone.threadId!, post_id: gone.postId!, dedupe_key: `cap:${i}`, data: "{}",
    }))).execute();
    expect(await unreadCount(ctx("memberB"))).toBe(before);
    await db.insertInto("notifications").values(Array.from({ length: 150 }, (_, i) => ({
      user_id: w.userIds.memberB, kind: "reply", thread_id: live.threadId!, post_id: live.postId!, dedupe_key: `cap-live:${i}`, data: "{}",
    }))).execute();
    expect(await unreadCount(ctx("memberB"))).toBe(100); // BELL_CAP + 1: "99+"
    await db.deleteFrom("notifications").where((eb) => eb.or([eb("dedupe_key", "like", "cap:%"), eb("dedupe_key", "like", "cap-live:%")])).execute();
  });
});

describe("notifications matrix: mail (re-checked at send time)", () => {
  // Every notification of the matrix is queued as an immediate mail (as the subscriber did when
  // it was delivered, before the item changed), with everyone choosing "immediately"; then the
  // real send job runs through graphile-worker over real SMTP. Exactly the readable ones arrive,
  // and no captured message carries the title of one the recipient may not read.
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(() => smtp.stop());

  it("every principal × visibility × state × kind: mailed iff readable now, never an unreadable title", async () => {
    const kinds = ["reply", "new_thread", "case_updated"] as const;
    await db.insertInto("mail_preferences")
      .values(RECIPIENTS.flatMap((p) => kinds.map((kind) => ({ user_id: w.userIds[p as Exclude<PrincipalName, "anonymous">], kind, cadence: "immediately" as const }))))
      .onConflict((oc) => oc.columns(["user_id", "kind"]).doUpdateSet({ cadence: "immediately" }))
      .execute();
    const rows = await db.selectFrom("notifications").select(["id", "user_id", "dedupe_key"]).where("dedupe_key", "like", "matrix:%").execute();
    expect(rows.length).toBe(items.length * RECIPIENTS.length);
    const ids = await enqueueMails(db, rows.map((r) => ({ userId: r.user_id, type: "notification" as const, dedupeKey: `matrix-mail:${r.id}`, payload: { notificationId: String(r.id) } })));
    expect(ids.length).toBe(rows.length);
    const cfg = { smtpUrl: smtp.url, from: "Allmänning <noreply@allmanning.example.se>", baseUrl: "https://allmanning.example.se", secret: "matrix-secret", unsubscribeMailto: null, devMailbox: false };
    await runOnce({ connectionString: url, taskList: mailTasks(db, cfg), logger: new Logger(() => () => {}), concurrency: 4 });
    const outbox = await db.selectFrom("mail_outbox").select(["user_id", "dedupe_key", "sent_at", "skipped_at", "failed_at"]).where("dedupe_key", "like", "matrix-mail:%").execute();
    expect(outbox.every((m) => m.failed_at === null && (m.sent_at === null) !== (m.skipped_at === null)), "every mail finished: sent or skipped").toBe(true);
    const itemOf = new Map(rows.map((r) => [`matrix-mail:${r.id}`, items[Number(r.dedupe_key!.slice("matrix:".length))]]));
    for (const p of RECIPIENTS) {
      const v = w.viewers[p];
      const uid = w.userIds[p as Exclude<PrincipalName, "anonymous">];
      const want = items.filter((it) => expected(p, it.vis, it.state, it.kind)).map((it) => it.title).sort();
      const sent = outbox.filter((m) => m.user_id === uid && m.sent_at).map((m) => itemOf.get(m.dedupe_key)!.title).sort();
      expect(sent, `${p}: mails sent`).toEqual(want);
      // What arrived over SMTP: one mail per readable item, each naming its title; nothing else.
      const email = (await db.selectFrom("users").select("email").where("id", "=", uid).executeTakeFirstOrThrow()).email;
      const got = smtp.messages.filter((m) => m.to.includes(email));
      if (!v) expect(got, `${p} (no active membership) gets no mail`).toEqual([]);
      expect(got.length, `${p}: mails received`).toBe(want.length);
      const everything = got.map((m) => `${m.subject}\n${m.text}\n${m.html}`).join("\n");
      for (const it of items) {
        if (want.includes(it.title)) expect(everything, `${p}: ${it.title}`).toContain(it.title);
        else expect(everything, `${p}: ${it.title} must not be mailed`).not.toContain(it.title);
      }
    }
  }, 120_000);
});

describe("notifications matrix: the live stream (SSE)", () => {
  // A private production server on this matrix's database; each principal signs in through the
  // real login form and opens /events. The bell's count in the stream, at open and after a NOTIFY,
  // is exactly what they may read; a thread stream counts a reply only if they may read it; no
  // stream ever carries a title.
  let app: AppProcess;
  const cookies = new Map<PrincipalName, string>();
  beforeAll(async () => {
    app = await spawnApp({ DATABASE_URL: url, HOST: "127.0.0.1", DEMO_MODE: "1", SEED: "never" });
    await waitForStatus(app, "/healthz", 60_000);
    for (const [p, c] of await signInPrincipals(db, w, app.url, RECIPIENTS, FACTORY_PASSWORD)) cookies.set(p, c);
  }, 90_000);
  afterAll(() => app?.stop());

  type Msg = { id: string; data: { unread: number | null; newPosts: number | null } };
  async function open(path: string, p: PrincipalName) {
    const ac = new AbortController();
    const c = cookies.get(p);
    const res = await fetch(`${app.url}${path}`, { headers: { Accept: "text/event-stream", ...(c ? { Cookie: c } : {}) }, signal: ac.signal });
    const messages: Msg[] = [];
    const st = { raw: "" };
    if (res.status === 200) {
      void (async () => {
        const reader = res.body!.getReader();
        const dec = new TextDecoder();
        let buf = "";
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            const chunk = dec.decode(value, { stream: true });
            st.raw += chunk;
            buf += chunk;
            let i;
            while ((i = buf.indexOf("\n\n")) >= 0) {
              const block = buf.slice(0, i);
              buf = buf.slice(i + 2);
              const id = /^id: (.*)$/m.exec(block)?.[1];
              const data = /^data: (.*)$/m.exec(block)?.[1];
              if (id && data && /^event: state$/m.test(block)) messages.push({ id, data: JSON.parse(data) });
            }
          }
        } catch {
          /* aborted */
        }
      })();
    }
    return { res, messages, st, close: () => ac.abort() };
  }
  const until = async (f: () => boolean, ms = 3000) => {
    const end = Date.now() + ms;
    while (!f()) {
      if (Date.now() > end) throw new Error("timed out");
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  // The thread page's own rule (canReadThread + canSeePost), written out: as the notification
  // rule, except that moderators in scope may still read the discussion of a deleted case (they
  // may read the deleted case itself); notifications drop anything deleted for everyone.
  // Signed out (or no active membership: treated as signed out), a public thread's live reply is readable.
  const threadStreamSees = (p: PrincipalName, it: Item) =>
    !w.viewers[p] ? it.vis === "public" && it.state === "live"
    : it.state === "discussionCaseDeleted"
      ? READERS[it.vis].includes(p) && ["moderatorA", "adminA", ...(it.vis === "network" || it.vis === "public" ? NET : [])].includes(p)
      : expected(p, it.vis, it.state, "reply");
  const noTitles = (raw: string) => { for (const it of items) expect(raw).not.toContain(it.title); };

  it("the bell's stream: at open and after NOTIFY, exactly the readable count; new unreadable notifications never move it", async () => {
    await db.updateTable("notifications").set({ read_at: null }).where("dedupe_key", "like", "matrix:%").execute();
    for (const p of PRINCIPALS) {
      const s = await open("/events", p);
      if (!w.viewers[p]) {
        expect(s.res.status, `${p}: no stream`).toBe(204);
        continue;
      }
      expect(s.res.status, p).toBe(200);
      await until(() => s.messages.length > 0);
      const want = items.filter((it) => expected(p, it.vis, it.state, it.kind)).length;
      expect(s.messages[0].data.unread, `${p} at open`).toBe(want);
      const uid = w.userIds[p as Exclude<PrincipalName, "anonymous">];
      // An unreadable item (a deleted thread's reply) is notified: the count stays.
      const gone = items.find((it) => it.kind === "reply" && it.state === "threadDeleted" && it.vis === "public")!;
      await db.insertInto("notifications").values({ user_id: uid, kind: "reply", thread_id: gone.threadId!, post_id: gone.postId!, dedupe_key: `sse-gone:${p}`, data: "{}" }).execute();
      await sql`SELECT pg_notify('allmanning_live', ${JSON.stringify({ e: "900000001", u: [uid] })})`.execute(db);
      await until(() => s.messages.some((m) => m.id === "900000001"));
      expect(s.messages.at(-1)!.data.unread, `${p} after an unreadable one`).toBe(want);
      // A readable one (a live item of a visibility they may read) moves it by one.
      const live = items.find((it) => it.state === "live" && expected(p, it.vis, it.state, it.kind))!;
      await db.insertInto("notifications").values({ user_id: uid, kind: live.kind, thread_id: live.threadId ?? null, post_id: live.postId ?? null, case_id: live.caseId ?? null, dedupe_key: `sse-live:${p}`, data: "{}" }).execute();
      await sql`SELECT pg_notify('allmanning_live', ${JSON.stringify({ e: "900000002", u: [uid] })})`.execute(db);
      await until(() => s.messages.some((m) => m.id === "900000002"));
      expect(s.messages.at(-1)!.data.unread, `${p} after a readable one`).toBe(want + 1);
      s.close();
      noTitles(s.st.raw);
    }
    await db.deleteFrom("notifications").where((eb) => eb.or([eb("dedupe_key", "like", "sse-gone:%"), eb("dedupe_key", "like", "sse-live:%")])).execute();
  }, 60_000);

  it("a thread's stream, for a sample of principals × visibility × state: counts the reply only if they may read it", async () => {
    const sample: PrincipalName[] = ["anonymous", "memberA", "ambassadorA", "moderatorA", "memberB", "networkModerator", "removed"];
    for (const it of items.filter((x) => x.kind === "reply")) {
      for (const p of sample) {
        const s = await open(`/events?thread=${it.threadId}&seen=0`, p);
        const want = threadStreamSees(p, it) ? 1 : 0;
        if (s.res.status === 204) {
          expect(want, `${p} ${it.title}: 204 though the reply is readable`).toBe(0);
          continue;
        }
        expect(s.res.status).toBe(200);
        await until(() => s.messages.length > 0);
        expect(s.messages[0].data.newPosts ?? 0, `${p} ${it.title}`).toBe(want);
        if (!w.viewers[p]) expect(s.messages[0].data.unread).toBeNull();
        s.close();
        noTitles(s.st.raw);
      }
    }
  }, 90_000);
});

describe("notifications matrix: delivery", () => {
  it("a reply event reaches exactly the watchers who may read the reply, never its author", async () => {
    const replies = items.filter((it) => it.kind === "reply");
    for (const it of replies) {
      await db.insertInto("watches")
        .values(RECIPIENTS.map((p) => ({ user_id: w.userIds[p as Exclude<PrincipalName, "anonymous">], target_type: "thread" as const, target_id: it.threadId!, level: "watching" as const })))
        .execute();
      const eventId = await recordEvent(db, { type: "reply.posted", actorId: w.userIds.memberA, threadId: it.threadId!, postId: it.postId! });
      await dispatchEvent(db, eventId);
      const got = await db.selectFrom("notifications").select("user_id").where("event_id", "=", eventId).execute();
      const byId = new Map(Object.entries(w.userIds).map(([k, v]) => [v, k]));
      const want = RECIPIENTS.filter((p) => p !== "memberA" && expected(p, it.vis, it.state, "reply")).sort();
      expect(got.map((g) => byId.get(g.user_id)).sort(), `${it.vis} ${it.state}`).toEqual(want);
    }
  });
});
