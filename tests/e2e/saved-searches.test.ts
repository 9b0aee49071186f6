import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { runSavedSearchAlerts } from "../../app/search/saved-alerts.server";
import { drainOutbox } from "../../search/worker";
import { appDatabase } from "../support/db";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";
import { writeThread } from "../support/search";

// Saved searches and the header combobox in a real Chromium (issue 18): a member saves a search
// with the no-JS form, gets an in-app alert when a new match appears (the alert job run as the
// worker would), renames and deletes it through the confirm step without JavaScript; the header
// box suggests titles and is used by keyboard only. Screenshots: /tmp/shots-saved/.
const browser = useBrowser();
let db: DB;
const stamp = `sparsok${Date.now().toString(36)}`.replace(/[0-9]/g, (d) => "abcdefghij"[Number(d)]);
const SHOTS = "/tmp/shots-saved";
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

const id = async (table: "users" | "organisations", col: "handle" | "slug", v: string) =>
  (await db.selectFrom(table).select("id").where(col, "=", v).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  db = appDatabase();
  const lina = await id("users", "handle", "lina.ostman");
  await writeThread(db, { orgId: await id("organisations", "slug", "gavle"), authorId: lina, title: `Hur använder ni ${stamp} i växeln`, body: `Vi funderar på ${stamp}.`, visibility: "public" });
  await drainOutbox(db, null);
});
afterAll(() => db.destroy());

describe("saved searches", () => {
  it("saves a search, gets an in-app alert for a new match, and finds it in the list", async () => {
    const { page } = await browser.open({ viewport: DESKTOP });
    await signIn(page, "peter.nystrom@gavle.se");
    await page.goto(appUrl(`/search?q=${stamp}`));
    // Bad input first: an empty name comes back with a message and the choice kept.
    await page.getByLabel("Som notis", { exact: true }).check();
    await page.getByRole("button", { name: "Spara sökningen" }).click();
    await expect.poll(() => page.locator(".save-search .field-error").textContent()).toBe("Ge sökningen ett namn.");
    expect(await page.getByLabel("Som notis", { exact: true }).isChecked()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/search-save-error-desktop.png`, fullPage: true });
    await expectAccessible(page);
    await page.getByLabel("Namn på sökningen").fill(`Växeln ${stamp}`);
    await Promise.all([page.waitForURL(/\/search\/saved\?saved=\d+/), page.getByRole("button", { name: "Spara sökningen" }).click()]);
    await expect.poll(() => page.locator(".notice[role=status]").textContent()).toBe("Sökningen är sparad.");
    expect(await page.locator(".saved-item h2").allTextContents()).toContain(`Växeln ${stamp}`);
    await page.screenshot({ path: `${SHOTS}/saved-list-desktop.png`, fullPage: true });
    await expectAccessible(page);

    // A new match appears; the alert job runs (as the worker's cron would).
    const lina = await id("users", "handle", "lina.ostman");
    await writeThread(db, { orgId: await id("organisations", "slug", "gavle"), authorId: lina, title: `Ny erfarenhet av ${stamp}`, body: `Vi har provat ${stamp}.`, visibility: "public" });
    await drainOutbox(db, null);
    await runSavedSearchAlerts(db);
    await page.goto(appUrl("/notifications"));
    const line = page.locator("li", { hasText: `Ny erfarenhet av ${stamp}` });
    expect(await line.textContent()).toContain(`Ny träff för din sparade sökning ”Växeln ${stamp}”`);
    await page.screenshot({ path: `${SHOTS}/notification-desktop.png`, fullPage: true });
    await expectAccessible(page);
  });

  it("renames and deletes with the confirm step, without JavaScript, on a phone", async () => {
    const { page } = await browser.open({ viewport: PHONE, javaScript: false });
    await signIn(page, "peter.nystrom@gavle.se");
    await page.goto(appUrl(`/search?q=${stamp}+erfarenhet`));
    await page.getByLabel("Namn på sökningen").fill(`Att byta namn på ${stamp}`);
    await Promise.all([page.waitForURL(/\/search\/saved\?saved=/), page.getByRole("button", { name: "Spara sökningen" }).click()]);
    const item = page.locator(".saved-item", { hasText: `Att byta namn på ${stamp}` });
    await item.getByLabel("Byt namn").fill(`Omdöpt ${stamp}`);
    await Promise.all([page.waitForURL(/renamed=/), item.getByRole("button", { name: "Spara namnet" }).click()]);
    const renamed = page.locator(".saved-item", { hasText: `Omdöpt ${stamp}` });
    await page.screenshot({ path: `${SHOTS}/saved-list-phone.png`, fullPage: true });
    await Promise.all([page.waitForURL(/delete=/), renamed.getByRole("link", { name: "Ta bort" }).click()]);
    expect(await page.locator("#confirm-heading").textContent()).toBe(`Ta bort ”Omdöpt ${stamp}”?`);
    await page.screenshot({ path: `${SHOTS}/saved-confirm-phone.png`, fullPage: true });
    await Promise.all([page.waitForURL(/deleted=/), page.getByRole("button", { name: "Ja, ta bort" }).click()]);
    expect(await page.locator(".saved-item", { hasText: `Omdöpt ${stamp}` }).count()).toBe(0);
  });
});

describe("the header search combobox", () => {
  it("suggests readable titles and is used by keyboard alone (arrows, Escape, Enter)", async () => {
    const { page } = await browser.open({ viewport: DESKTOP });
    await page.goto(appUrl("/"));
    const box = page.locator("#site-search");
    expect(await box.getAttribute("role")).toBe("combobox");
    await page.keyboard.press("Tab");
    await box.focus();
    await box.pressSequentially(stamp.slice(0, 12), { delay: 20 });
    const options = page.locator("#site-search-listbox [role=option]");
    await expect.poll(() => options.allTextContents(), { timeout: 20_000 }).toContainEqual(expect.stringContaining(`Hur använder ni ${stamp} i växeln`));
    expect(await box.getAttribute("aria-expanded")).toBe("true");
    expect(await box.getAttribute("aria-activedescendant")).toBeNull();
    await page.keyboard.press("ArrowDown");
    const first = await options.first().getAttribute("id");
    expect(await box.getAttribute("aria-activedescendant")).toBe(first);
    expect(await options.first().getAttribute("aria-selected")).toBe("true");
    await page.screenshot({ path: `${SHOTS}/combobox-desktop.png` });
    await expectAccessible(page);
    await page.keyboard.press("Escape");
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    expect(await box.inputValue()).toBe(stamp.slice(0, 12));
    await page.keyboard.press("ArrowDown");
    expect(await box.getAttribute("aria-expanded")).toBe("true");
    // Move to the title and open it.
    const texts = await options.allTextContents();
    const at = texts.findIndex((t) => t.includes(`Hur använder ni ${stamp} i växeln`));
    for (let i = 0; i < at; i++) await page.keyboard.press("ArrowDown");
    await Promise.all([page.waitForURL(/\/t\/\d+-/), page.keyboard.press("Enter")]);
    await expect.poll(() => page.locator("h1").first().textContent()).toContain(`Hur använder ni ${stamp} i växeln`);
  });

  it("works on a phone, and is a plain search form without JavaScript", async () => {
    const { page } = await browser.open({ viewport: PHONE });
    await page.goto(appUrl("/"));
    await page.locator("#site-search").pressSequentially(stamp.slice(0, 12), { delay: 20 });
    await expect.poll(() => page.locator("#site-search-listbox [role=option]").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/combobox-phone.png` });
    await expectAccessible(page);
    const plain = await browser.open({ viewport: PHONE, javaScript: false });
    await plain.page.goto(appUrl("/"));
    expect(await plain.page.locator("#site-search").getAttribute("role")).toBeNull();
    await plain.page.fill("#site-search", stamp);
    await Promise.all([plain.page.waitForURL(/\/search\?q=/), plain.page.press("#site-search", "Enter")]);
    expect(await plain.page.locator(".results-count").textContent()).toContain(stamp);
  });
});
