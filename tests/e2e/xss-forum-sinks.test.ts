import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import type { DB } from "../../db/client";
import { freshDatabase } from "../support/db";
import { createOrg, createUser, FACTORY_PASSWORD } from "../support/factories";
import { detector, expectDetectorCatches, launchChromium, loadCorpus, pack, signInCookies, startAppServer, walk, type AppServer } from "../support/xss";

// Stored XSS through the forum's, moderation's and people's non-body sinks, in Chromium, with the
// whole public corpus. Each value is packed up to the length its form allows (so one page shows
// many) and stored straight into the tables the domain functions write (thousands of form posts
// would take minutes); a server of this file's own on a fresh database keeps the rows out of the
// other browser tests. Sinks and the pages that show them:
//   thread titles      /best-practice (500 a load, in rounds) and the first pages of /threads
//   curators' notes    /best-practice
//   flag texts         /mod/queue (2,000 open flags a load, in rounds)
//   profile names      /mod/queue (reporters), /orgs/<slug> (every member), /u/<handle> (a few)
//   moderators' reasons /mod/log (every page; the rows also show the items' titles)
//   notice reasons     /mod/notices (50 a load, in rounds; every third packed reason, for time)
const ALL = loadCorpus();
const N = ALL.length;
const TITLES = pack(ALL, 150); // TITLE_MAX
const NOTES = pack(ALL, 1000); // a curator's note
const REASONS = pack(ALL, 500); // a moderator's reason
const QUEUE_ITEMS = 25; // one queue page
const FLAGS_PER_LOAD = 2000; // the queue reads at most 2,000 open flags per load
const MARKS_PER_LOAD = 500; // /best-practice shows at most 500 marks
const NOTICES_PER_LOAD = 50;

let db: DB;
let destroy: () => Promise<void>;
let app: AppServer;
let browser: Browser;
let orgId = "";
let adminId = "";
let authorId = "";
let adminCookies: { name: string; value: string }[] = [];
let authorCookies: { name: string; value: string }[] = [];
const threadIds: string[] = [];
const personIds: string[] = [];
const figures: string[] = [];

async function inChunks<T>(rows: T[], size: number, f: (chunk: T[], offset: number) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await f(rows.slice(i, i + size), i);
}
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

beforeAll(async () => {
  let url: string;
  ({ db, url, destroy } = await freshDatabase());
  const org = await createOrg(db, { name: "Xss kommun", slug: "xss-kommun" });
  orgId = org.id;
  const admin = await createUser(db, { orgId, role: "admin", networkRole: "admin", name: "Nätverksadmin" });
  const author = await createUser(db, { orgId, role: "member", name: "Författare" });
  adminId = admin.id;
  authorId = author.id;

  // One member per payload, named with it (and titled with it): reporters, actors, members.
  await inChunks(ALL, 1000, async (chunk, off) => {
    const rows = await db.insertInto("users").values(chunk.map((p, j) => ({
      email: `xss-${off + j}@xss.test`, handle: `xss-${off + j}`, name: p, title: p, password_hash: null, primary_org_id: orgId,
      locale: null, email_verified_at: new Date(), network_role: null, deactivated_at: null,
    }))).returning("id").execute();
    personIds.push(...rows.map((r) => r.id));
    await db.insertInto("memberships").values(rows.map((r) => ({ user_id: r.id, org_id: orgId, role: "member" as const }))).execute();
  });

  // Public threads titled with the packed payloads, newest first in corpus order.
  const t0 = Date.UTC(2026, 0, 1);
  await inChunks(TITLES, 1000, async (chunk, off) => {
    const rows = await db.insertInto("threads").values(chunk.map((title, j) => {
      const at = new Date(t0 - (off + j) * 60_000);
      return {
        kind: "discussion" as const, title, slug: `xss-${off + j}`, body_md: "Text.", body_html: "<p>Text.</p>", renderer_version: 1,
        org_id: orgId, visibility: "public" as const, author_id: authorId, created_at: at, updated_at: at, last_activity_at: at,
      };
    })).returning("id").execute();
    threadIds.push(...rows.map((r) => r.id));
  });

  // Moderators' reasons as the hide action records them, acted by the payload-named people.
  await inChunks(REASONS, 1000, (chunk, off) => db.insertInto("audit_log").values(chunk.map((reason, j) => ({
    actor_id: personIds[(off + j) % personIds.length], action: "thread.hide", target_type: "thread",
    target_id: threadIds[(off + j) % threadIds.length], org_id: orgId, reason, details: "{}",
  }))).execute());

  app = await startAppServer(url);
  browser = await launchChromium();
  adminCookies = await signInCookies(app.base, admin.email, FACTORY_PASSWORD);
  authorCookies = await signInCookies(app.base, author.email, FACTORY_PASSWORD);
}, 120_000);

afterAll(async () => {
  console.log(`XSS forum/moderation/people sinks: ${figures.join("; ")}`);
  await browser?.close();
  await app?.stop();
  await destroy?.();
});

/** How many of the payloads (longer than a few characters) the page text shows verbatim. */
const shownIn = (text: string, payloads: string[]) => payloads.filter((p) => p.length > 12 && text.includes(p)).length;

describe("stored XSS corpus through forum, moderation and people sinks", () => {
  it("the detector catches a deliberately unsafe render (positive control)", async () => {
    expect(await expectDetectorCatches(browser, app.base)).toBeGreaterThanOrEqual(5);
  });

  it(`runs none of ${N} payloads as thread titles and curators' notes (/best-practice, /threads)`, async () => {
    const d = await detector(browser, app.base);
    let loads = 0;
    for (let r = 0; r * MARKS_PER_LOAD < TITLES.length; r++) {
      const ids = threadIds.slice(r * MARKS_PER_LOAD, (r + 1) * MARKS_PER_LOAD);
      await db.updateTable("best_practice_marks").set({ unmarked_at: new Date(), unmarked_by: adminId }).where("unmarked_at", "is", null).execute();
      await db.insertInto("best_practice_marks").values(ids.map((id, j) => ({
        target_type: "thread" as const, target_id: id, curator_id: adminId, note: NOTES[(r * MARKS_PER_LOAD + j) % NOTES.length],
      }))).execute();
      const text = await d.visit("/best-practice");
      loads++;
      if (r === 0) expect(shownIn(text, TITLES.slice(0, 50)), "titles shown as text").toBeGreaterThan(25);
    }
    // The thread list's own component, for its first pages.
    const pages = await walk(d, "/threads", /[?&]after=/, undefined, 4);
    expect(d.findings).toEqual([]);
    figures.push(`titles ${N} payloads in ${TITLES.length} titles over ${loads} /best-practice loads + ${pages} /threads pages`, `curator notes ${N} payloads in ${NOTES.length} notes`);
    await d.context.close();
  }, 240_000);

  it(`runs none of ${N} payloads as flag texts and reporters' names (/mod/queue)`, async () => {
    const d = await detector(browser, app.base, { cookies: adminCookies });
    let loads = 0;
    for (let off = 0; off < N; off += FLAGS_PER_LOAD) {
      await db.updateTable("flags").set({ status: "dismissed", handled_by: adminId, handled_at: new Date() }).where("status", "=", "open").execute();
      const idx = range(Math.min(FLAGS_PER_LOAD, N - off)).map((j) => off + j);
      await inChunks(idx, 1000, (chunk) => db.insertInto("flags").values(chunk.map((i) => ({
        target_type: "thread" as const, target_id: threadIds[i % QUEUE_ITEMS], reporter_id: personIds[i], reason: "other" as const, text: ALL[i],
      }))).execute());
      const text = await d.visit("/mod/queue");
      loads++;
      expect(shownIn(text, ALL.slice(off, off + 200)), "flag texts shown").toBeGreaterThan(100);
    }
    expect(d.findings).toEqual([]);
    figures.push(`flag texts + reporter names ${N} each over ${loads} /mod/queue loads`);
    await d.context.close();
  }, 240_000);

  it(`runs none of ${N} payloads as profile names on the member lists`, async () => {
    const d = await detector(browser, app.base, { cookies: adminCookies });
    const profile = await d.visit("/orgs/xss-kommun");
    expect(shownIn(profile, ALL.slice(0, 300)), "names shown on the profile").toBeGreaterThan(150);
    // (/orgs/<slug>/admin with 6,600 members does not load within two minutes: reported, not run here.)
    // A few personal pages (name and title in the heading and page title).
    for (const i of [0, 1, 2, 3, 4]) await d.visit(`/u/xss-${i * 1000}`);
    expect(d.findings).toEqual([]);
    figures.push(`profile names ${N} on the member list (+ 5 personal pages)`);
    await d.context.close();
  }, 240_000);

  it(`runs none of ${N} payloads as moderators' reasons (/mod/log, every page)`, async () => {
    const d = await detector(browser, app.base, { cookies: adminCookies });
    let seen = 0;
    const pages = await walk(d, "/mod/log", /[?&]before=/, (text) => { seen += shownIn(text, REASONS); });
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(REASONS.length / 50));
    expect(seen, "reasons shown as text").toBeGreaterThan(REASONS.length / 2);
    expect(d.findings).toEqual([]);
    figures.push(`moderator reasons ${N} payloads in ${REASONS.length} log rows over ${pages} /mod/log pages`);
    await d.context.close();
  }, 240_000);

  it(`runs none of a third of the ${N} payloads as notice reasons (/mod/notices)`, async () => {
    const d = await detector(browser, app.base, { cookies: authorCookies });
    let loads = 0;
    const sample = REASONS.filter((_, i) => i % 3 === 0);
    for (let off = 0; off < sample.length; off += NOTICES_PER_LOAD) {
      await db.deleteFrom("moderation_notices").where("user_id", "=", authorId).execute();
      await db.insertInto("moderation_notices").values(sample.slice(off, off + NOTICES_PER_LOAD).map((reason, j) => ({
        user_id: authorId, target_type: "thread" as const, target_id: threadIds[(off + j) % threadIds.length], kind: "edited" as const, reason,
      }))).execute();
      const text = await d.visit("/mod/notices");
      loads++;
      if (off === 0) expect(shownIn(text, sample.slice(0, NOTICES_PER_LOAD)), "reasons shown").toBeGreaterThan(10);
    }
    expect(d.findings).toEqual([]);
    figures.push(`notice reasons ${sample.join(" ").length > 0 ? sample.length : 0} of ${REASONS.length} packed reasons (~${Math.round(N / 3)} payloads) over ${loads} /mod/notices loads`);
    await d.context.close();
  }, 240_000);
});
