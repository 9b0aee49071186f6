import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";

// The forum journey in a real browser against the seeded production build: ask an
// organisation-only question, check that another organisation cannot see it anywhere, answer,
// vote, accept, edit with a visible revision, and soft-delete. Every page passes axe.
const browser = useBrowser();
let db: DB;
const rand = randomBytes(3).toString("hex");
const TAG = `e2e-${rand}`;
const TAG_NAME = `Provtagg ${rand}`;
const TITLE = `Hur skyddar ni personnummer i chattboten? ${rand}`;

beforeAll(async () => {
  db = appDatabase();
  // A tag of its own, so counts in this spec are exact while other specs write in parallel.
  await db.insertInto("tags").values({ slug: TAG, name_sv: TAG_NAME, name_en: `Test tag ${rand}`, area: "security", synonyms: [`synonym-${rand}`] }).execute();
});
afterAll(() => db.destroy());

const LINA = "lina.ostman@gavle.se"; // ambassador, Gävle
const PETER = "peter.nystrom@gavle.se"; // member, Gävle
const MARCUS = "marcus.ahlund@gavle.se"; // moderator, Gävle
const FATIMA = "fatima.said@sandviken.se"; // member, Sandviken

let threadPath = "";

// Waits for the page's scripts to settle, so clicks go to hydrated forms.
async function visit(page: Page, p: string) {
  return page.goto(appUrl(p), { waitUntil: "networkidle" });
}

async function as(email: string): Promise<Page> {
  const { page } = await browser.open();
  await signIn(page, email);
  return page;
}

async function tagCountOnTagsPage(page: Page): Promise<string> {
  await page.goto(appUrl("/tags"));
  const item = page.locator(".tag-index li").filter({ has: page.getByRole("link", { name: TAG_NAME, exact: true }) });
  return (await item.locator(".meta").first().textContent()) ?? "";
}

describe("forum journey", () => {
  it("asks a question with tags and organisation-only visibility", async () => {
    const page = await as(LINA);
    await visit(page, "/threads/new");
    await expectAccessible(page);
    // Bad input first: the errors show next to the fields and the input is kept.
    await page.fill("input[name=title]", "Hej");
    await page.fill("textarea[name=body]", "Text som ska finnas kvar");
    await page.fill("input[name=tags]", "finns-inte-alls");
    await page.getByRole("button", { name: "Publicera" }).click();
    await expect.poll(() => page.locator("#f-title-error").textContent(), { timeout: 15_000 }).toContain("minst 5 tecken");
    expect(await page.inputValue("textarea[name=body]")).toBe("Text som ska finnas kvar");
    await expectAccessible(page);

    await page.fill("input[name=title]", TITLE);
    await page.fill("textarea[name=body]", "Invånare skriver in **personnummer** i chatten. Hur maskerar ni dem?\n\n<script>window.__xss=1</script>");
    await expect.poll(() => page.locator(".md-preview .preview-body strong").textContent(), { timeout: 10_000 }).toBe("personnummer");
    await page.fill("input[name=tags]", `synonym-${rand}, kundservice`);
    await page.getByLabel(/^Bara Gävle kommun/).check();
    await Promise.all([page.waitForURL(/\/t\/\d+-/), page.getByRole("button", { name: "Publicera" }).click()]);
    threadPath = new URL(page.url()).pathname;
    await expect.poll(() => page.locator("h1").textContent(), { timeout: 15_000 }).toBe(TITLE);
    expect(await page.locator(".visibility").textContent()).toContain("Bara Gävle kommun");
    expect(await page.locator(".thread .tags").textContent()).toContain(TAG_NAME);
    expect(await page.locator(".thread-body").textContent()).toContain("<script>window.__xss=1</script>");
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await expectAccessible(page);
    expect(await tagCountOnTagsPage(page)).toBe("1 tråd");
  });

  it("is invisible to a member of another organisation: lists, tag page, counts, direct URL", async () => {
    const page = await as(FATIMA);
    await visit(page, "/threads");
    expect(await page.getByText(TITLE).count()).toBe(0);
    await expectAccessible(page);
    await page.goto(appUrl(`/threads?tag=${TAG}`));
    expect(await page.locator("main").textContent()).toContain("0 trådar");
    await page.goto(appUrl(`/tags/${TAG}`));
    expect(await page.getByText(TITLE).count()).toBe(0);
    expect(await page.locator("main").textContent()).toContain("0 trådar");
    await expectAccessible(page);
    expect(await tagCountOnTagsPage(page)).toBe("0 trådar");
    await expectAccessible(page);
    await visit(page, "/");
    expect(await page.getByText(TITLE).count()).toBe(0);
    await expectAccessible(page);
    const res = await page.goto(appUrl(threadPath));
    expect(res?.status()).toBe(404);
    // Signed out too.
    const anon = (await browser.open()).page;
    expect((await anon.goto(appUrl(threadPath)))?.status()).toBe(404);
  });

  it("a colleague answers, a moderator votes, the asker accepts", async () => {
    const peter = await as(PETER);
    await visit(peter, threadPath);
    // The live preview reloads none of the page's data (a reload racing the reply's own once
    // showed the page without the reply just sent).
    const reloads: string[] = [];
    peter.on("request", (r) => r.method() === "GET" && r.url().includes("_data=") && reloads.push(r.url()));
    await peter.fill("textarea[name=body]", "Vi maskerar dem innan frågan sparas, och loggen gallras efter 30 dagar.");
    await expect.poll(() => peter.locator(".reply-box .preview-body").textContent(), { timeout: 15_000 }).toContain("Vi maskerar");
    expect(reloads).toEqual([]);
    await peter.getByRole("button", { name: "Skicka svar" }).click();
    await expect.poll(() => peter.locator("#p1 .post-body").textContent(), { timeout: 15_000 }).toContain("Vi maskerar dem");
    expect(await peter.locator("#answers-heading").textContent()).toBe("1 svar");
    await expectAccessible(peter);

    const marcus = await as(MARCUS);
    await visit(marcus, threadPath);
    await marcus.locator("#p1").getByRole("button", { name: /Hjälpsamt/ }).click();
    await expect.poll(() => marcus.locator("#p1 .votes").textContent(), { timeout: 15_000 }).toBe("1 tycker att svaret hjälper");
    await marcus.fill("#reply-heading ~ form textarea[name=body], .reply-box textarea[name=body]", "Vi gör likadant i Gävle.");
    await marcus.getByRole("button", { name: "Skicka svar" }).click();
    await expect.poll(() => marcus.locator("#p2").count(), { timeout: 15_000 }).toBe(1);

    const lina = await as(LINA);
    await visit(lina, threadPath);
    await lina.locator("#p1").getByRole("button", { name: /Acceptera som svar/ }).click();
    await expect.poll(() => lina.locator("#accepted-heading").count(), { timeout: 15_000 }).toBe(1);
    // The accepted answer sits right under the question, before the other answers.
    const order = await lina.locator("main article").evaluateAll((els) => els.map((e) => e.id || "thread"));
    expect(order).toEqual(["thread", "p1", "p2"]);
    expect(await lina.locator(".thread-badges").first().textContent()).toContain("Löst");
    await expectAccessible(lina);
  });

  it("edits an answer with the revision shown, and soft-deletes another", async () => {
    const peter = await as(PETER);
    await visit(peter, threadPath);
    await peter.locator("#p1 summary", { hasText: "Redigera svar 1" }).click();
    await peter.fill("#f-body-p1", "Vi maskerar dem innan frågan sparas. Loggen gallras efter 14 dagar.");
    await peter.fill("#f-reason-p1", "Rättade gallringstiden");
    await peter.locator("#p1").getByRole("button", { name: "Spara ändringen" }).click();
    await expect.poll(() => peter.locator("#p1 .post-body").textContent(), { timeout: 15_000 }).toContain("14 dagar");
    await peter.locator("#p1 .revisions > summary").click();
    expect(await peter.locator("#p1 .revisions").textContent()).toContain("Rättade gallringstiden");
    expect(await peter.locator("#p1 .revisions").textContent()).toContain("30 dagar");
    await expectAccessible(peter);

    const marcus = await as(MARCUS);
    await visit(marcus, threadPath);
    await marcus.locator("#p2").getByRole("button", { name: /Ta bort/ }).click();
    await marcus.getByRole("dialog").getByRole("button", { name: "Ja, ta bort svaret" }).click();
    await expect.poll(() => marcus.locator("#p2 .notice").textContent(), { timeout: 15_000 }).toContain("Borttaget");
    // A moderator still reads the text; a member sees that it was removed.
    expect(await marcus.locator("#p2 .post-body").textContent()).toContain("Vi gör likadant i Gävle.");
    await visit(peter, threadPath);
    expect(await peter.locator("#p2").textContent()).toContain("Inlägget har tagits bort.");
    expect(await peter.locator("#p2").textContent()).not.toContain("Vi gör likadant");
    await expectAccessible(peter);
  });

  it("works without JavaScript: reply with a field error, then a real reply", async () => {
    const { page } = await browser.open({ javaScript: false });
    await signIn(page, PETER);
    await visit(page, threadPath);
    await page.getByRole("button", { name: "Skicka svar" }).click();
    expect(await page.locator(".reply-box .field-error").textContent()).toContain("Fyll i fältet");
    await page.fill(".reply-box textarea[name=body]", "Ett svar utan JavaScript.");
    await Promise.all([page.waitForURL(/#p\d+$/), page.getByRole("button", { name: "Skicka svar" }).click()]);
    const n = new URL(page.url()).hash;
    expect(await page.locator(`${n} .post-body`).textContent()).toContain("Ett svar utan JavaScript.");
  });
});
