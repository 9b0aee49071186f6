import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";
import { createUser, FACTORY_PASSWORD } from "../support/factories";

// Issue 16 items 4 and 5 in a real browser: one visibility wording on every page type (and in the
// exports), the compact list (≥ 15 threads at 1366×900, without JavaScript), "Ny" and "N nya svar"
// for one person, sort and the "Mina trådar" / "Trådar jag bevakar" filters, answers by votes.
const browser = useBrowser();
let db: DB;
const rand = randomBytes(3).toString("hex");
const OLD_WORDINGS = /Bara min organisation|Bara organisationen|Synlig för|Endast organisationen|ENDAST ORGANISATIONEN|Organisation only/i;
const ALLOWED = /^(Vem kan läsa: )?(Bara .+|.+ och utvalda organisationer(: .+)?|Hela nätverket|Offentlig)$/;

let gavle: { id: string; name: string };
let sandviken: { id: string; name: string };
let reader: { id: string; email: string; handle: string };
let other: { id: string };
let sharedThread = "";

async function insertThread(o: { title: string; authorId: string; orgId: string; visibility: "organisation" | "network" | "public"; shared?: string[]; kind?: "question" | "discussion"; at?: Date; activityAt?: Date }) {
  const at = o.at ?? new Date();
  const row = await db.insertInto("threads").values({
    kind: o.kind ?? "question", title: o.title, slug: "lista-prov", body_md: "Text.", body_html: "<p>Text.</p>", renderer_version: 1,
    org_id: o.orgId, visibility: o.visibility, shared_org_ids: o.shared ?? [], author_id: o.authorId,
    created_at: at, updated_at: at, last_activity_at: o.activityAt ?? at,
  }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

async function insertPost(threadId: string, authorId: string, votes = 0) {
  const n = await db.selectFrom("posts").select((eb) => eb.fn.max("number").as("n")).where("thread_id", "=", threadId).executeTakeFirstOrThrow();
  const number = Number(n.n ?? 0) + 1;
  const row = await db.insertInto("posts").values({ thread_id: threadId, number, author_id: authorId, body_md: `Svar ${number}`, body_html: `<p>Svar ${number}</p>`, renderer_version: 1, votes })
    .returning("id").executeTakeFirstOrThrow();
  await db.updateTable("threads").set((eb) => ({ reply_count: eb("reply_count", "+", 1), last_activity_at: new Date() })).where("id", "=", threadId).execute();
  return { id: row.id, number };
}

beforeAll(async () => {
  db = appDatabase();
  const org = (slug: string) => db.selectFrom("organisations").select(["id", "name"]).where("slug", "=", slug).executeTakeFirstOrThrow();
  [gavle, sandviken] = await Promise.all([org("gavle"), org("sandviken")]);
  const r = await createUser(db, { orgId: gavle.id, name: `Läsare Prov ${rand}` });
  reader = { id: r.id, email: r.email, handle: r.handle };
  other = await createUser(db, { orgId: gavle.id, name: `Skribent ${rand}` });
  sharedThread = await insertThread({ title: `Delad med Sandviken ${rand}`, authorId: other.id, orgId: gavle.id, visibility: "organisation", shared: [sandviken.id] });
});
afterAll(() => db.destroy());

async function as(email: string, opts: Parameters<typeof browser.open>[0] = {}): Promise<Page> {
  const { page } = await browser.open(opts);
  await signIn(page, email, email === reader.email ? FACTORY_PASSWORD : undefined);
  return page;
}

async function badgeTexts(page: Page, scope: string): Promise<string[]> {
  return (await page.locator(`${scope} .visibility-badge`).allTextContents()).map((s) => s.trim());
}

function expectOneLanguage(texts: string[]) {
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) expect(text).toMatch(ALLOWED);
}

describe("one visibility language", () => {
  it("uses the same badge wording on lists, search, thread, case, profile and home, and in the exports", async () => {
    const page = await as(reader.email);
    const pages: [string, string][] = [["/", "main"], ["/threads", ".thread-list"], ["/cases", ".case-list"], ["/search?q=ai", ".hit-list"], [`/u/${reader.handle}`, "main"]];
    for (const [path, scope] of pages) {
      await page.goto(appUrl(path));
      if (path.startsWith("/u/")) continue; // a new person has no contributions; checked below with a seeded one
      expectOneLanguage(await badgeTexts(page, scope));
      expect(await page.locator("main").textContent()).not.toMatch(OLD_WORDINGS);
    }
    // The shared thread names both organisations, in the list and on its page.
    await page.goto(appUrl("/threads"));
    const row = page.locator(".thread-item").filter({ hasText: `Delad med Sandviken ${rand}` });
    expect((await row.locator(".visibility-badge").textContent())?.trim()).toBe(`Vem kan läsa: ${gavle.name} och utvalda organisationer: ${sandviken.name}`);
    await row.getByRole("link").first().click();
    await page.waitForURL(/\/t\/\d+-/);
    expect((await page.locator(".visibility .visibility-badge").textContent())?.trim()).toBe(`Vem kan läsa: ${gavle.name} och utvalda organisationer: ${sandviken.name}`);
    await expectAccessible(page);

    // An organisation-only case: the case list and the case page say "Bara <org>".
    const orgCase = (await db.selectFrom("cases as c").innerJoin("organisations as o", "o.id", "c.org_id").select(["c.id", "c.slug", "c.title", "c.shared_org_ids", "o.name"])
      .where("c.org_id", "=", gavle.id).where("c.visibility", "=", "organisation").where("c.state", "=", "published")
      .where("c.deleted_at", "is", null).where("c.hidden_at", "is", null).orderBy("c.id").execute()).find((c) => c.shared_org_ids.length === 0);
    const netCase = await db.selectFrom("cases as c").select(["c.id", "c.slug"]).where("c.visibility", "=", "network").where("c.state", "=", "published")
      .where("c.deleted_at", "is", null).where("c.hidden_at", "is", null).orderBy("c.id").executeTakeFirstOrThrow();
    if (orgCase) {
      await page.goto(appUrl(`/cases/${orgCase.id}-${orgCase.slug}`));
      expect((await page.locator(".visibility .visibility-badge").textContent())?.trim()).toBe(`Vem kan läsa: Bara ${orgCase.name}`);
      expect(await page.locator("main").textContent()).not.toMatch(OLD_WORDINGS);
    }
    await page.goto(appUrl(`/cases/${netCase.id}-${netCase.slug}`));
    expect((await page.locator(".visibility .visibility-badge").textContent())?.trim()).toBe("Vem kan läsa: Hela nätverket");
    await expectAccessible(page);

    // A seeded author's profile lists carry the badge too.
    const author = await db.selectFrom("threads as t").innerJoin("users as u", "u.id", "t.author_id").select("u.handle")
      .where("t.kind", "=", "question").where("t.visibility", "in", ["network", "public"]).where("t.deleted_at", "is", null).where("t.hidden_at", "is", null)
      .orderBy("t.id").executeTakeFirstOrThrow();
    await page.goto(appUrl(`/u/${author.handle}`));
    expectOneLanguage(await badgeTexts(page, ".profile-lists"));
    await expectAccessible(page);

    // The exports carry the same wording, in both languages.
    const csv = await page.evaluate(async () => (await fetch("/cases.csv")).text());
    const header = csv.replace("\uFEFF", "").split("\r\n")[0].split(",");
    expect(header.slice(-2)).toEqual(["visibility_label_sv", "visibility_label_en"]);
    expect(csv).toContain("Hela nätverket");
    expect(csv).toContain("The whole network");
    const json = await page.evaluate(async () => (await fetch("/cases.json")).json() as Promise<{ cases: { visibility: string; visibility_label_sv: string }[] }>);
    for (const c of json.cases) {
      if (c.visibility === "network") expect(c.visibility_label_sv).toBe("Hela nätverket");
      if (c.visibility === "public") expect(c.visibility_label_sv).toBe("Offentlig");
    }
  });

  it("shows English wording in the English interface", async () => {
    const { page } = await browser.open({ locale: "en-GB" });
    await page.goto(appUrl("/cases"));
    const texts = await badgeTexts(page, ".case-list");
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) expect(t).toMatch(/^(Who can read: )?(Only .+|.+ and chosen organisations(: .+)?|The whole network|Public)$/);
  });
});

/** The level names of a form's visibility choices: each label's own text, without its hint. */
async function levelNames(page: Page, labels: string): Promise<string[]> {
  return page.locator(labels).evaluateAll((els) => els.map((l) => ((l.querySelector(":scope > span:not(.hint)") ?? l).childNodes[0]?.textContent ?? "").trim()));
}

describe("one visibility language in forms", () => {
  const ASK = "label.choice:has(input[name=audience])";
  const CASE = "#f-visibility label.choice";
  const MOVE = "label[for^=move-vis-]";
  let ambassador = "";
  const asAmbassador = async (o: Parameters<typeof browser.open>[0] = {}) => {
    ambassador ||= (await createUser(db, { orgId: gavle.id, role: "ambassador", name: `Ambassadör ${rand}` })).email;
    const { page } = await browser.open(o);
    await signIn(page, ambassador, FACTORY_PASSWORD);
    return page;
  };

  it("names each level in the ask, case and move forms as the badge does, in Swedish (also without JavaScript)", async () => {
    for (const javaScript of [true, false]) {
      const page = await as(reader.email, { javaScript });
      await page.goto(appUrl("/threads/new"));
      expect(await levelNames(page, ASK)).toEqual([`Bara ${gavle.name}`, `${gavle.name} och utvalda organisationer`, "Hela nätverket"]);
      expect(await page.locator("main").textContent()).not.toMatch(OLD_WORDINGS);
      // Case studies are written by ambassadors, who may also choose "Offentlig".
      const amb = await asAmbassador({ javaScript });
      await amb.goto(appUrl("/cases/new"));
      await expect.poll(() => levelNames(amb, CASE)).toEqual(["Offentlig", "Hela nätverket", `Bara ${gavle.name}`, `${gavle.name} och utvalda organisationer`]);
      for (const name of await levelNames(amb, CASE)) expect(name).toMatch(ALLOWED);
      if (javaScript) await expectAccessible(amb);
      await amb.goto(appUrl("/threads/new"));
      expect(await levelNames(amb, ASK)).toEqual([`Bara ${gavle.name}`, `${gavle.name} och utvalda organisationer`, "Hela nätverket", "Offentlig"]);
      if (javaScript) await expectAccessible(amb);
    }
    const mod = await as("marcus.ahlund@gavle.se");
    await mod.goto(appUrl(`/mod/move?targetId=${sharedThread}`));
    const names = await levelNames(mod, MOVE);
    expect(names[0]).toBe(`Bara ${gavle.name}`);
    expect(names.slice(1)).toEqual(["Hela nätverket", "Offentlig"].slice(0, names.length - 1));
    // The move page names the thread's present audience with the badge's words too.
    expect(await mod.locator("main").textContent()).toContain(`Nu: ${gavle.name}, ${gavle.name} och utvalda organisationer: ${sandviken.name}.`);
  });

  it("says “din organisation” until JavaScript knows which organisation is chosen, then follows the choice", async () => {
    const two = await createUser(db, { memberships: [{ orgId: gavle.id, role: "member" }, { orgId: sandviken.id, role: "member" }], name: `Två org ${rand}` });
    const as2 = async (o: Parameters<typeof browser.open>[0] = {}) => {
      const { page } = await browser.open(o);
      await signIn(page, two.email, FACTORY_PASSWORD);
      return page;
    };
    const plain = await as2({ javaScript: false });
    await plain.goto(appUrl("/threads/new"));
    expect(await levelNames(plain, ASK)).toEqual(["Bara din organisation", "Din organisation och utvalda organisationer", "Hela nätverket"]);
    const page = await as2();
    await page.goto(appUrl("/threads/new"));
    await page.selectOption("#f-orgId", sandviken.id);
    await expect.poll(() => levelNames(page, ASK)).toEqual([`Bara ${sandviken.name}`, `${sandviken.name} och utvalda organisationer`, "Hela nätverket"]);
    await page.selectOption("#f-orgId", gavle.id);
    await expect.poll(() => levelNames(page, ASK)).toEqual([`Bara ${gavle.name}`, `${gavle.name} och utvalda organisationer`, "Hela nätverket"]);
  });

  it("uses the English badge words in the English interface", async () => {
    const page = await as(reader.email, { locale: "en-GB" });
    await page.goto(appUrl("/threads/new"));
    expect(await levelNames(page, ASK)).toEqual([`Only ${gavle.name}`, `${gavle.name} and chosen organisations`, "The whole network"]);
    const amb = await asAmbassador({ locale: "en-GB" });
    await amb.goto(appUrl("/cases/new"));
    await expect.poll(() => levelNames(amb, CASE)).toEqual(["Public", "The whole network", `Only ${gavle.name}`, `${gavle.name} and chosen organisations`]);
    expect(await amb.locator("main").textContent()).not.toMatch(/Only my organisation|My organisation only|Everyone signed in to the network/);
    const mod = await as("marcus.ahlund@gavle.se", { locale: "en-GB" });
    await mod.goto(appUrl(`/mod/move?targetId=${sharedThread}`));
    expect((await levelNames(mod, MOVE))[0]).toBe(`Only ${gavle.name}`);
  });
});

describe("lists forum users expect", () => {
  it("fits at least 15 threads on a 1366×900 screen in the compact list, without JavaScript", async () => {
    const page = await as(reader.email, { viewport: { width: 1366, height: 900 }, javaScript: false });
    await page.goto(appUrl("/threads"));
    await page.getByRole("link", { name: "Kompakt lista" }).click();
    await page.waitForURL(/view=compact/);
    if (process.env.LISTS_SHOTS) {
      await page.screenshot({ path: "/tmp/lists-compact-desktop.png" });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: "/tmp/lists-compact-phone.png" });
      await page.goto(appUrl("/threads"));
      await page.screenshot({ path: "/tmp/lists-full-phone.png" });
      await page.goto(appUrl("/cases"));
      await page.screenshot({ path: "/tmp/lists-cases-phone.png" });
      await page.goto(appUrl(`/t/${sharedThread}-lista-prov`));
      await page.screenshot({ path: "/tmp/lists-thread-phone.png" });
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto(appUrl("/cases"));
      await page.screenshot({ path: "/tmp/lists-cases-desktop.png" });
      await page.goto(appUrl("/threads"));
      await page.screenshot({ path: "/tmp/lists-full-desktop.png" });
      await page.goto(appUrl("/threads?view=compact"));
    }
    const bottoms = await page.locator(".thread-row").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().bottom));
    expect(bottoms.filter((b) => b <= 900).length).toBeGreaterThanOrEqual(15);
    // Each row: initials, replies, readers and last activity.
    const first = page.locator(".thread-row").first();
    expect(await first.locator(".avatar").textContent()).toMatch(/^\S{1,2}$/);
    expect(await first.textContent()).toMatch(/\d+ svar.*\d+ läsare/);
    expect(await first.locator("time").getAttribute("datetime")).toMatch(/^\d{4}-/);
    // The view stays when sorting.
    await page.getByRole("link", { name: "Nyaste" }).click();
    await page.waitForURL(/sort=newest/);
    expect(page.url()).toContain("view=compact");
  });

  it("marks new threads and new answers for one person, and forgets them once read", async () => {
    const page = await as(reader.email);
    await page.goto(appUrl("/threads"));
    const title = `Ny tråd för läsaren ${rand}`;
    const threadId = await insertThread({ title, authorId: other.id, orgId: gavle.id, visibility: "network" });
    // Not readable: another organisation's own thread never appears, so it can never be "Ny".
    await insertThread({ title: `Hemlig i Sandviken ${rand}`, authorId: other.id, orgId: sandviken.id, visibility: "organisation" });
    await page.goto(appUrl("/threads"));
    const row = () => page.locator(".thread-item").filter({ hasText: title });
    expect(await row().locator(".badge-new").textContent()).toBe("Ny");
    expect(await page.locator("main").textContent()).not.toContain(`Hemlig i Sandviken ${rand}`);
    await expectAccessible(page);

    await row().getByRole("link", { name: title }).click();
    await page.waitForURL(/\/t\/\d+-/);
    await page.goto(appUrl("/threads"));
    expect(await row().locator(".badge-new").count()).toBe(0);
    expect(await row().locator(".badge-unread").count()).toBe(0);

    await insertPost(threadId, other.id);
    await insertPost(threadId, other.id);
    await insertPost(threadId, reader.id); // one's own answer is never "new"
    await page.goto(appUrl("/threads?view=compact"));
    const compactRow = page.locator(".thread-row").filter({ hasText: title });
    expect(await compactRow.locator(".badge-unread").textContent()).toBe("2 nya svar");
    await expectAccessible(page);
    // A hidden answer is not counted.
    const hidden = await insertPost(threadId, other.id);
    await db.updateTable("posts").set({ hidden_at: new Date(), hidden_reason: "prov" }).where("id", "=", hidden.id).execute();
    await page.goto(appUrl("/threads?view=compact"));
    expect(await compactRow.locator(".badge-unread").textContent()).toBe("2 nya svar");

    await page.goto(appUrl(`/t/${threadId}-lista-prov`));
    await page.goto(appUrl("/threads?view=compact"));
    expect(await compactRow.locator(".badge-unread").count()).toBe(0);
    // Readers: the person counts once however often they look.
    expect(await compactRow.textContent()).toContain("1 läsare");
  });

  it("sorts by newest and votes, and filters to my threads and threads I watch, without JavaScript", async () => {
    const mine = await insertThread({ title: `Min egen fråga ${rand}`, authorId: reader.id, orgId: gavle.id, visibility: "network", at: new Date(Date.now() - 86_400_000 * 400) });
    const watched = await insertThread({ title: `Bevakad fråga ${rand}`, authorId: other.id, orgId: gavle.id, visibility: "network", at: new Date(Date.now() - 86_400_000 * 401) });
    await db.insertInto("watches").values({ user_id: reader.id, target_type: "thread", target_id: watched, level: "watching" }).execute();
    const voted = await insertThread({ title: `Mest röstad ${rand}`, authorId: other.id, orgId: gavle.id, visibility: "network", at: new Date(Date.now() - 86_400_000 * 402) });
    await insertPost(voted, other.id, 999);
    const page = await as(reader.email, { javaScript: false });
    await page.goto(appUrl("/threads"));
    await page.getByRole("link", { name: "Mina trådar" }).click();
    await page.waitForURL(/show=mine/);
    expect(await page.locator(".thread-item .thread-title").allTextContents()).toEqual([`Min egen fråga ${rand}`]);
    await page.getByRole("link", { name: "Trådar jag bevakar" }).click();
    await page.waitForURL(/show=watching/);
    expect(await page.locator(".thread-item .thread-title").allTextContents()).toEqual([`Bevakad fråga ${rand}`]);
    await page.getByRole("link", { name: "Alla trådar" }).click();
    await page.getByRole("link", { name: "Flest röster" }).click();
    await page.waitForURL(/sort=votes/);
    expect(await page.locator(".thread-item .thread-title").first().textContent()).toBe(`Mest röstad ${rand}`);
    await page.getByRole("link", { name: "Nyaste" }).click();
    await page.waitForURL(/sort=newest/);
    // Started just now but quiet for 500 days: first by newest (other specs may add a few meanwhile), not on page one by activity.
    const fresh = `Nystartad men tyst ${rand}`;
    await insertThread({ title: fresh, authorId: other.id, orgId: gavle.id, visibility: "network", activityAt: new Date(Date.now() - 86_400_000 * 500) });
    await page.reload();
    expect((await page.locator(".thread-item .thread-title").allTextContents()).slice(0, 3)).toContain(fresh);
    await page.getByRole("link", { name: "Senaste aktivitet" }).click();
    await page.waitForURL((u) => !u.search.includes("sort="));
    expect(await page.locator(".thread-item .thread-title").allTextContents()).not.toContain(fresh);
    await page.getByRole("link", { name: "Nyaste" }).click();
    await page.waitForURL(/sort=newest/);
    // The next page continues the same order (keyset on the sort key).
    const next = page.getByRole("link", { name: "Äldre trådar" });
    if (await next.count()) {
      await next.click();
      await page.waitForURL(/after=/);
      expect(page.url()).toContain("sort=newest");
    }
  });

  it("sorts answers by votes or oldest first, the accepted answer always first", async () => {
    const threadId = await insertThread({ title: `Svarsordning ${rand}`, authorId: other.id, orgId: gavle.id, visibility: "network", kind: "discussion" });
    await insertPost(threadId, other.id, 0);
    await insertPost(threadId, other.id, 5);
    await insertPost(threadId, other.id, 2);
    const page = await as(reader.email, { javaScript: false });
    const numbers = async () => (await page.locator(".answers .post").evaluateAll((els) => els.map((e) => e.id)));
    await page.goto(appUrl(`/t/${threadId}-lista-prov`));
    expect(await numbers()).toEqual(["p1", "p2", "p3"]);
    await page.getByRole("link", { name: "Flest röster" }).click();
    await page.waitForURL(/svar=votes/);
    expect(await numbers()).toEqual(["p2", "p3", "p1"]);
    await page.getByRole("link", { name: "Äldst först" }).click();
    await page.waitForURL(/svar=oldest/);
    expect(await numbers()).toEqual(["p1", "p2", "p3"]);
  });
});
