import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { DB } from "../../db/client";
import { auditActionKey } from "../../app/moderation/audit-actions";
import { appDatabase } from "../support/db";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";
import { makePost, makeThread } from "../support/moderation";

// Issue 16 item 7, the moderator UI in a real browser against the demo-seeded production build:
// translated audit-log actions, the pin scope as a choice, revision diffs, the removed-thread
// tombstone. Screenshots go to the temp directory for a person to look at.
const browser = useBrowser();
const shot = (name: string) => path.join(tmpdir(), `modtools-${name}.png`);
const stamp = Date.now().toString(36);
let db: DB;
let gavle: string;

const userId = async (handle: string) => (await db.selectFrom("users").select("id").where("handle", "=", handle).executeTakeFirstOrThrow()).id;
const orgId = async (slug: string) => (await db.selectFrom("organisations").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  db = appDatabase();
  gavle = await orgId("gavle");
});
afterAll(() => db.destroy());

async function as(email: string, opts: Parameters<typeof browser.open>[0] = {}): Promise<Page> {
  const { page } = await browser.open(opts);
  await signIn(page, email);
  return page;
}

/** A same-origin form post from inside the page (the CSRF check wants the page's Origin). */
async function post(page: Page, url: string, fields: Record<string, string>) {
  return page.evaluate(async ([u, f]) => {
    const r = await fetch(u, { method: "POST", body: new URLSearchParams(f), redirect: "manual" });
    return { status: r.status, text: await r.text() };
  }, [url, fields] as const);
}

describe("pin scope is a choice, and the audit log names actions in words", () => {
  it("pins to a tag picked from the list (JS), to the front page (no JS), refuses a typed scope; the log says Fäste / Pinned", async () => {
    const title = `Fästa trådar ${stamp}`;
    const threadId = await makeThread(db, { orgId: gavle, authorId: await userId("lina.ostman"), title, visibility: "network" });
    const tag = await db.selectFrom("tags").select(["id", "slug", "name_sv"]).where("merged_into_id", "is", null).orderBy("slug").executeTakeFirstOrThrow();
    await db.insertInto("thread_tags").values({ thread_id: threadId, tag_id: tag.id }).execute();

    const marcus = await as("marcus.ahlund@gavle.se");
    await marcus.goto(appUrl(`/t/${threadId}`));
    await marcus.locator(".thread .item-tools summary", { hasText: "Moderera" }).click();
    await marcus.getByRole("link", { name: "Fäst …" }).click();
    await marcus.waitForURL(/\/mod\/pin\?/);
    const select = marcus.getByLabel("Var ska tråden fästas?");
    // A list, not a text box: the front page first, the thread's own tag in its own group.
    expect(await select.evaluate((e) => e.tagName)).toBe("SELECT");
    expect(await select.locator("option").first().textContent()).toBe("Startsidan");
    expect(await marcus.locator('optgroup[label="Trådens taggar"] option').allTextContents()).toEqual([tag.name_sv]);
    expect(await select.locator("option").count()).toBeGreaterThan(10);
    await expectAccessible(marcus);
    await marcus.screenshot({ path: shot("pin-desktop"), fullPage: true });
    await select.selectOption(tag.slug);
    await marcus.getByRole("button", { name: "Fäst tråden" }).click();
    await marcus.waitForURL((u) => u.pathname.startsWith(`/t/${threadId}`));
    await expect.poll(() => marcus.locator("[role=status]").first().textContent()).toContain("Tråden är fäst");
    expect((await db.selectFrom("threads").select("pinned_scope").where("id", "=", threadId).executeTakeFirstOrThrow()).pinned_scope).toBe(tag.slug);

    // A typed scope that is no tag: 400 with a message, nothing changed.
    await marcus.goto(appUrl(`/mod/pin?targetId=${threadId}`));
    const bad = await post(marcus, `/mod/pin?targetId=${threadId}`, { targetId: threadId, scope: "finns-inte-alls" });
    expect(bad.status).toBe(400);
    expect((await db.selectFrom("threads").select("pinned_scope").where("id", "=", threadId).executeTakeFirstOrThrow()).pinned_scope).toBe(tag.slug);

    // Without JavaScript: the same page, the front page chosen, back on the thread with a notice.
    const plain = await as("marcus.ahlund@gavle.se", { javaScript: false });
    await plain.goto(appUrl(`/mod/pin?targetId=${threadId}&redirectTo=/t/${threadId}-en-fraga`));
    expect(await plain.locator(".notice").first().textContent()).toContain(tag.slug);
    await plain.getByLabel("Var ska tråden fästas?").selectOption("front");
    await plain.getByRole("button", { name: "Fäst tråden" }).click();
    await plain.waitForURL((u) => u.pathname.startsWith(`/t/${threadId}`));
    expect(await plain.locator("[role=status]").first().textContent()).toContain("Tråden är fäst");
    expect((await db.selectFrom("threads").select("pinned_scope").where("id", "=", threadId).executeTakeFirstOrThrow()).pinned_scope).toBe("front");

    // A member of the organisation cannot open the pin page.
    const peter = await as("peter.nystrom@gavle.se");
    expect((await peter.goto(appUrl(`/mod/pin?targetId=${threadId}`)))?.status()).toBe(403);

    // The log: "Fäste", never `thread.pin`; no cell shows a raw action code.
    await marcus.goto(appUrl("/mod/log"));
    const cells = await marcus.locator('.mod-log td[data-label="Åtgärd"]').allTextContents();
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.filter((c) => /^[a-z_]+\.[a-z_]+$/.test(c.trim()))).toEqual([]);
    expect(cells).toContain("Fäste");
    const options = await marcus.locator("#log-action option").allTextContents();
    expect(options).toContain("Fäste (tråd)");
    expect(options.filter((o) => /^[a-z_]+\.[a-z_]+$/.test(o.trim()))).toEqual([]);
    await expectAccessible(marcus);
    await marcus.setViewportSize({ width: 390, height: 844 });
    await marcus.screenshot({ path: shot("log-phone"), fullPage: false });

    // English.
    const en = await as("marcus.ahlund@gavle.se", { locale: "en-GB" });
    await en.goto(appUrl("/mod/log"));
    expect(await en.locator("html").getAttribute("lang")).toBe("en");
    expect(await en.locator(".mod-log td").allTextContents()).toContain("Pinned");
    expect(await en.locator("#log-action option").allTextContents()).toContain("Pinned (thread)");
    await expectAccessible(en);

    // Every action in the demo database (seed, other tests, this one) has a name.
    const actions = (await db.selectFrom("audit_log").select("action").distinct().execute()).map((r) => r.action);
    expect(actions.length).toBeGreaterThan(2);
    expect(actions.filter((a) => auditActionKey(a) === null)).toEqual([]);
  });
});

describe("revision history as a readable diff", () => {
  it("shows removed words in <del> and added words in <ins>, each named in text, and passes axe", async () => {
    const threadId = await makeThread(db, {
      orgId: gavle, authorId: await userId("lina.ostman"), title: `Diff ${stamp}`, visibility: "network",
      body: "Vi använder en chattbot i växeln sedan i våras.",
    });
    const lina = await as("lina.ostman@gavle.se");
    await lina.goto(appUrl(`/t/${threadId}`));
    await lina.locator("summary", { hasText: "Redigera tråden" }).click();
    const body = lina.locator("#f-body-thread, textarea[name=body]").first();
    await body.fill("Vi använder en röstrobot i växeln sedan i våras.");
    await lina.getByRole("button", { name: "Spara ändringen" }).click();
    await expect.poll(() => lina.locator(".revisions > summary").count()).toBe(1);
    await lina.locator(".revisions > summary").click();
    const diff = lina.locator(".revisions .diff-body");
    expect(await diff.locator("del").allTextContents()).toEqual(["[borttaget: chattbot]"]);
    expect(await diff.locator("ins").allTextContents()).toEqual(["[tillagt: röstrobot]"]);
    // The words around the change stay plain.
    expect(await diff.textContent()).toContain("i växeln sedan i våras.");
    // The marker text is there for screen readers, hidden visually; the strike-through is not colour.
    expect(await diff.locator("del").evaluate((e) => getComputedStyle(e).textDecorationLine)).toContain("line-through");
    expect(await diff.locator("ins").evaluate((e) => getComputedStyle(e).textDecorationLine)).toContain("underline");
    expect(await lina.locator(".diff-legend").textContent()).toContain("genomstruken");
    await expectAccessible(lina);
    await lina.locator(".revisions").screenshot({ path: shot("diff-desktop") });
    await lina.setViewportSize({ width: 390, height: 844 });
    await lina.locator(".revisions").screenshot({ path: shot("diff-phone") });
  });
});

describe("the removed-thread tombstone", () => {
  it("tells readers the thread was removed (410), with no reply box, watch or flag; moderators see it whole without them", async () => {
    const title = `Borttagen tråd ${stamp}`;
    const threadId = await makeThread(db, { orgId: gavle, authorId: await userId("lina.ostman"), title, visibility: "network" });
    await makePost(db, { threadId, authorId: await userId("peter.nystrom"), body: `Ett svar ${stamp}` });
    await db.updateTable("threads").set({ deleted_at: new Date() }).where("id", "=", threadId).execute();

    const fatima = await as("fatima.said@sandviken.se", { javaScript: false });
    const res = await fatima.goto(appUrl(`/t/${threadId}`));
    expect(res?.status()).toBe(410);
    expect(await fatima.locator("h1").textContent()).toBe("Tråden har tagits bort");
    const text = (await fatima.locator("main").textContent()) ?? "";
    expect(text).not.toContain(title);
    expect(text).not.toContain(`Ett svar ${stamp}`);
    expect(await fatima.locator("textarea, form.watch-form, .flag-link, .flag-form").count()).toBe(0);
    expect(await fatima.getByRole("button", { name: /Bevaka|Flagga|Skicka svar|Svara/ }).count()).toBe(0);
    expect(await fatima.getByRole("link", { name: "Till alla trådar" }).count()).toBe(1);

    const withJs = await as("fatima.said@sandviken.se");
    await withJs.goto(appUrl(`/t/${threadId}`)).catch(() => undefined);
    expect(await withJs.locator("h1").textContent()).toBe("Tråden har tagits bort");
    await expectAccessible(withJs);
    await withJs.screenshot({ path: shot("tombstone-desktop") });
    await withJs.setViewportSize({ width: 390, height: 844 });
    await withJs.screenshot({ path: shot("tombstone-phone") });

    // The moderator sees the text, with a note, and nothing to reply, watch or flag.
    const marcus = await as("marcus.ahlund@gavle.se");
    await marcus.goto(appUrl(`/t/${threadId}`));
    expect(await marcus.locator("h1").textContent()).toBe(title);
    expect(await marcus.locator(".thread .notice-warn").first().textContent()).toContain("Tråden är borttagen");
    expect(await marcus.locator(".reply-box").count()).toBe(0);
    expect(await marcus.locator("form.watch-form").count()).toBe(0);
    expect(await marcus.locator(".flag-link, .flag-form").count()).toBe(0);
    expect(await marcus.locator(".thread .item-tools summary", { hasText: "Flagga" }).count()).toBe(0);
    await expectAccessible(marcus);

    // A flag posted anyway is refused (409), not stored.
    const flag = await post(marcus, "/flag", { targetType: "thread", targetId: threadId, reason: "spam", text: "" });
    expect(flag.status).toBe(409);
    expect((await db.selectFrom("flags").select("id").where("target_type", "=", "thread").where("target_id", "=", threadId).execute()).length).toBe(0);
  });
});

describe("moving a thread", () => {
  it("a moderator moves it to organisation-only: the other organisation's member gets 404 at once, search follows, the author is told, it is logged; the author moves it back", async () => {
    const word = `flyttord${stamp}`;
    const title = `Flyttad tråd ${word}`;
    const lina = await userId("lina.ostman");
    const threadId = await makeThread(db, { orgId: gavle, authorId: lina, title, visibility: "network", body: `Om ${word} i växeln.` });
    const fatima = await as("fatima.said@sandviken.se");
    expect((await fatima.goto(appUrl(`/t/${threadId}-en-fraga`)))?.status()).toBe(200);

    const marcus = await as("marcus.ahlund@gavle.se");
    await marcus.goto(appUrl(`/t/${threadId}-en-fraga`));
    await marcus.locator(".thread .item-tools summary", { hasText: "Moderera" }).click();
    await marcus.getByRole("link", { name: "Flytta tråden …" }).click();
    await marcus.waitForURL(/\/mod\/move\?/);
    await expectAccessible(marcus);
    await marcus.screenshot({ path: shot("move-desktop"), fullPage: true });
    // Nothing chosen that differs: a clear 400, nothing typed lost.
    await marcus.getByLabel("Motivering (valfri)").fill("Gäller bara Gävles växel");
    await marcus.getByRole("button", { name: "Flytta tråden" }).click();
    await expect.poll(() => marcus.locator(".error-summary").textContent()).toContain("Tråden finns redan där");
    expect(await marcus.getByLabel("Motivering (valfri)").inputValue()).toBe("Gäller bara Gävles växel");
    await expectAccessible(marcus);
    await marcus.getByLabel(/^Bara Gävle kommun/).check();
    await marcus.getByRole("button", { name: "Flytta tråden" }).click();
    await marcus.waitForURL((u) => u.pathname.startsWith(`/t/${threadId}`));
    await expect.poll(() => marcus.locator("[role=status]").first().textContent()).toContain("Tråden är flyttad");

    const row = await db.selectFrom("threads").select(["visibility", "org_id"]).where("id", "=", threadId).executeTakeFirstOrThrow();
    expect(row.visibility).toBe("organisation");
    // The read rule applies at once: Sandviken's member now gets 404, and search shows nothing.
    expect((await fatima.goto(appUrl(`/t/${threadId}-en-fraga`)))?.status()).toBe(404);
    await fatima.goto(appUrl(`/search?q=${word}`));
    expect(await fatima.locator("main").textContent()).not.toContain(title);
    const doc = await db.selectFrom("search_documents").select("visibility").where("doc_type", "=", "thread").where("doc_id", "=", threadId).executeTakeFirst();
    expect(doc?.visibility).toBe("organisation");
    // The author is told; the log names the move.
    const notice = await db.selectFrom("moderation_notices").select(["kind", "reason"]).where("target_type", "=", "thread").where("target_id", "=", threadId).executeTakeFirstOrThrow();
    expect(notice).toEqual({ kind: "moved", reason: "Gäller bara Gävles växel" });
    const audit = await db.selectFrom("audit_log").select(["action", "actor_id"]).where("target_type", "=", "thread").where("target_id", "=", threadId).execute();
    expect(audit.map((a) => a.action)).toEqual(["thread.move"]);
    const author = await as("lina.ostman@gavle.se");
    await author.goto(appUrl("/mod/notices"));
    expect(await author.locator("main").textContent()).toContain("Flyttad");

    // The author (not a moderator) moves it back from the thread page; a member who is neither may not.
    await author.goto(appUrl(`/t/${threadId}-en-fraga`));
    await author.getByRole("link", { name: "Flytta tråden …" }).click();
    await author.waitForURL(/\/mod\/move\?/);
    await author.getByLabel(/^Hela nätverket/).check();
    await author.getByRole("button", { name: "Flytta tråden" }).click();
    await author.waitForURL((u) => u.pathname.startsWith(`/t/${threadId}`));
    expect((await fatima.goto(appUrl(`/t/${threadId}-en-fraga`)))?.status()).toBe(200);
    const peter = await as("peter.nystrom@gavle.se");
    expect((await peter.goto(appUrl(`/mod/move?targetId=${threadId}`)))?.status()).toBe(403);
    // A forged post to somewhere the author may not publish: 400, nothing moved.
    await author.goto(appUrl(`/mod/move?targetId=${threadId}`));
    const sandviken = await orgId("sandviken");
    const forged = await post(author, `/mod/move?targetId=${threadId}`, { targetId: threadId, orgId: sandviken, visibility: "network" });
    expect(forged.status).toBe(400);
    expect((await db.selectFrom("threads").select("org_id").where("id", "=", threadId).executeTakeFirstOrThrow()).org_id).toBe(gavle);
  });
});

describe("merging duplicate questions", () => {
  it("a moderator picks the target, confirms; answers move, the old address redirects (only for those who may read the target), it is logged and the author told", async () => {
    const lina = await userId("lina.ostman");
    const peterId = await userId("peter.nystrom");
    const tag = await db.selectFrom("tags").select(["id"]).where("merged_into_id", "is", null).orderBy("slug", "desc").executeTakeFirstOrThrow();
    const fromTitle = `Dubblett om taltjänst ${stamp}`;
    const intoTitle = `Taltjänst i växeln ${stamp}`;
    const from = await makeThread(db, { orgId: gavle, authorId: lina, title: fromTitle, visibility: "network" });
    const into = await makeThread(db, { orgId: gavle, authorId: peterId, title: intoTitle, visibility: "organisation" });
    for (const id of [from, into]) await db.insertInto("thread_tags").values({ thread_id: id, tag_id: tag.id }).execute();
    await makePost(db, { threadId: into, authorId: lina, body: `Svar i målet ${stamp}` });
    const moved1 = await makePost(db, { threadId: from, authorId: peterId, body: `Första flyttade svaret ${stamp}` });
    const moved2 = await makePost(db, { threadId: from, authorId: await userId("marcus.ahlund"), body: `Andra flyttade svaret ${stamp}` });
    const sandviken = await orgId("sandviken");
    const foreign = await makeThread(db, { orgId: sandviken, authorId: await userId("fatima.said"), title: `Sandvikens fråga ${stamp}`, visibility: "organisation" });
    const foreignNetwork = await makeThread(db, { orgId: sandviken, authorId: await userId("fatima.said"), title: `Sandvikens öppna fråga ${stamp}`, visibility: "network" });

    const marcus = await as("marcus.ahlund@gavle.se");
    await marcus.goto(appUrl(`/t/${from}-en-fraga`));
    await marcus.locator(".thread .item-tools summary", { hasText: "Moderera" }).click();
    await marcus.getByRole("link", { name: "Slå ihop med en annan fråga …" }).click();
    await marcus.waitForURL(/\/mod\/merge\?/);
    await expectAccessible(marcus);
    // Never into a thread the moderator can't read, nor one they don't moderate: the same refusal.
    for (const other of [foreign, foreignNetwork]) {
      await marcus.getByLabel("Eller ange en annan tråds nummer eller adress").fill(`/t/${other}-x`);
      await marcus.getByRole("button", { name: "Fortsätt" }).click();
      await expect.poll(() => marcus.locator(".error-summary").textContent()).toContain("Den tråden går inte att slå ihop med");
      expect(await marcus.getByLabel("Eller ange en annan tråds nummer eller adress").inputValue()).toBe(`/t/${other}-x`);
    }
    await expectAccessible(marcus);
    await marcus.getByLabel("Eller ange en annan tråds nummer eller adress").fill("");
    await marcus.getByLabel(new RegExp(intoTitle)).check();
    await marcus.getByLabel("Motivering (valfri)").fill("Samma fråga två gånger");
    await marcus.getByRole("button", { name: "Fortsätt" }).click();
    await expect.poll(() => marcus.locator("h1").textContent()).toBe("Slå ihop frågorna?");
    expect(await marcus.locator("main").textContent()).toContain(intoTitle);
    await expectAccessible(marcus);
    await marcus.screenshot({ path: shot("merge-confirm-desktop"), fullPage: true });
    await marcus.getByRole("button", { name: "Slå ihop" }).click();
    await marcus.waitForURL((u) => u.pathname.startsWith(`/t/${into}`));
    await expect.poll(() => marcus.locator("[role=status]").first().textContent()).toContain("Frågorna är ihopslagna");
    const main = (await marcus.locator("main").textContent()) ?? "";
    expect(main).toContain(`Första flyttade svaret ${stamp}`);
    expect(main).toContain(`Andra flyttade svaret ${stamp}`);

    const posts = await db.selectFrom("posts").select(["id", "thread_id", "number"]).where("id", "in", [moved1, moved2]).orderBy("number").execute();
    expect(posts.map((p) => [p.thread_id, p.number])).toEqual([[into, 2], [into, 3]]);
    const rows = await db.selectFrom("threads").select(["id", "reply_count", "deleted_at", "merged_into_id"]).where("id", "in", [from, into]).execute();
    expect(rows.find((r) => r.id === into)?.reply_count).toBe(3);
    expect(rows.find((r) => r.id === from)?.merged_into_id).toBe(into);
    expect(rows.find((r) => r.id === from)?.deleted_at).not.toBeNull();
    const audit = await db.selectFrom("audit_log").select(["action", "reason"]).where("target_type", "=", "thread").where("target_id", "=", from).execute();
    expect(audit).toEqual([{ action: "thread.merge", reason: "Samma fråga två gånger" }]);
    const notice = await db.selectFrom("moderation_notices").select(["kind", "target_id"]).where("user_id", "=", lina).where("kind", "=", "merged").execute();
    expect(notice.map((n) => n.target_id)).toEqual([into]);

    // The old address redirects for those who may read the target...
    const res = await marcus.evaluate(async (u) => { const r = await fetch(u, { redirect: "manual" }); return { type: r.type, status: r.status }; }, `/t/${from}-en-fraga`);
    expect(res.type === "opaqueredirect" || res.status === 301).toBe(true);
    await marcus.goto(appUrl(`/t/${from}-en-fraga`));
    expect(new URL(marcus.url()).pathname).toMatch(new RegExp(`^/t/${into}-`));
    // ...and not for a reader of the duplicate who may not read the target: the tombstone, no title.
    const fatima = await as("fatima.said@sandviken.se", { javaScript: false });
    const gone = await fatima.goto(appUrl(`/t/${from}-en-fraga`));
    expect(gone?.status()).toBe(410);
    expect(await fatima.locator("main").textContent()).not.toContain(intoTitle);
    // A member may not merge.
    const peter = await as("peter.nystrom@gavle.se");
    expect((await peter.goto(appUrl(`/mod/merge?targetId=${into}`)))?.status()).toBe(403);
  });
});

describe("merging keeps the watchers", () => {
  it("a watcher of the duplicate sees the target as watched (Bevakar) after the merge; one who can't read the target gets no watch of it", async () => {
    const lina = await userId("lina.ostman");
    const fromTitle = `Dubblett om bevakning ${stamp}`;
    const intoTitle = `Bevakningens mål ${stamp}`;
    const from = await makeThread(db, { orgId: gavle, authorId: lina, title: fromTitle, visibility: "network" });
    const into = await makeThread(db, { orgId: gavle, authorId: lina, title: intoTitle, visibility: "organisation" });
    const watchSelect = (page: Page) => page.locator(".watch-form select");
    const levelOf = async (handle: string, id: string) =>
      (await db.selectFrom("watches").select("level").where("user_id", "=", await userId(handle)).where("target_type", "=", "thread").where("target_id", "=", id).executeTakeFirst())?.level ?? null;
    const watchOn = async (page: Page, handle: string, id: string) => {
      await page.goto(appUrl(`/t/${id}-en-fraga`));
      await watchSelect(page).selectOption("watching");
      await page.getByRole("button", { name: "Spara bevakning" }).click();
      await expect.poll(() => levelOf(handle, id)).toBe("watching");
    };
    // Peter (Gävle) and Fatima (Sandviken, without JavaScript) watch the network-wide duplicate.
    const peter = await as("peter.nystrom@gavle.se");
    await watchOn(peter, "peter.nystrom", from);
    const fatima = await as("fatima.said@sandviken.se", { javaScript: false });
    await watchOn(fatima, "fatima.said", from);
    await peter.goto(appUrl(`/t/${into}-en-fraga`));
    expect(await watchSelect(peter).inputValue()).toBe("normal");

    const marcus = await as("marcus.ahlund@gavle.se");
    await marcus.goto(appUrl(`/t/${from}-en-fraga`));
    await post(marcus, "/mod/merge", { targetId: from, into, reason: "", confirm: "1" });
    expect((await db.selectFrom("threads").select("merged_into_id").where("id", "=", from).executeTakeFirstOrThrow()).merged_into_id).toBe(into);

    // The old address leads Peter to the target, which he now watches.
    await peter.goto(appUrl(`/t/${from}-en-fraga`));
    expect(new URL(peter.url()).pathname).toMatch(new RegExp(`^/t/${into}-`));
    expect(await peter.locator("h1").textContent()).toContain(intoTitle);
    expect(await watchSelect(peter).inputValue()).toBe("watching");
    expect(await watchSelect(peter).locator("option:checked").textContent()).toMatch(/^Bevakar/);
    await expectAccessible(peter);
    await peter.screenshot({ path: shot("merge-watch-desktop"), fullPage: false });
    await peter.setViewportSize({ width: 390, height: 844 });
    await watchSelect(peter).scrollIntoViewIfNeeded();
    await peter.screenshot({ path: shot("merge-watch-phone"), fullPage: false });
    // Fatima can't read the target: no watch of it, and her watch list names nothing of it.
    expect([await levelOf("fatima.said", from), await levelOf("fatima.said", into)]).toEqual(["watching", null]);
    await fatima.goto(appUrl("/settings/notifications"));
    expect(await fatima.locator("main").textContent()).not.toContain(intoTitle);
  });
});
