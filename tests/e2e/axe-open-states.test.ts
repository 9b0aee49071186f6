import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";
import { makeCase, makePost, makeThread } from "../support/moderation";

// Issue #16: axe in the states a page scan of a closed page never sees, in Swedish and English,
// on a desktop and a phone: the phone menu open, the header search's list open with an option
// active, the tag entry's list open, every confirm dialog the app opens (each kind, opened from
// its own page), and an attachment upload showing a file's own error.
const browser = useBrowser();
const LOCALES = ["sv-SE", "en-GB"] as const;
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;
const KARIN = "karin.lindqvist@regiongavleborg.se"; // network admin: every dialog is hers to open
const LINA = "lina.ostman@gavle.se";
const PETER = "peter.nystrom@gavle.se";
const stamp = Date.now().toString(36);
let db: DB;
let threadId: string;
let caseId: string;
let adoptedCaseId: string;

const userId = async (handle: string) => (await db.selectFrom("users").select("id").where("handle", "=", handle).executeTakeFirstOrThrow()).id;
const orgId = async (slug: string) => (await db.selectFrom("organisations").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  db = appDatabase();
  const karin = await userId("karin.lindqvist");
  const region = await orgId("region-gavleborg");
  threadId = await makeThread(db, { orgId: region, authorId: karin, title: `Öppna lägen ${stamp}` });
  await makePost(db, { threadId, authorId: karin, body: `Ett svar i öppet läge ${stamp}` });
  caseId = await makeCase(db, { orgId: region, authorId: karin, title: `Fallet i öppet läge ${stamp}` });
  adoptedCaseId = await makeCase(db, { orgId: await orgId("gavle"), authorId: await userId("lina.ostman"), title: `Återanvänt i öppet läge ${stamp}` });
  await db.insertInto("adoptions").values({ case_id: adoptedCaseId, org_id: region, status: "trying", adopted_on: "2026-11-01", created_by: karin }).execute();
});
afterAll(() => db?.destroy());

async function as(email: string, locale: string, viewport: { width: number; height: number }): Promise<Page> {
  const { page } = await browser.open({ locale, viewport });
  await signIn(page, email);
  return page;
}

/** Opens the dialog behind a trigger, scans it, then closes it with Escape (focus back on the trigger). */
async function dialogPasses(page: Page, trigger: string) {
  const button = page.locator(trigger).first();
  expect(await button.getAttribute("aria-haspopup"), trigger).toBe("dialog");
  await button.click();
  const dialog = page.locator("dialog[open]");
  await dialog.waitFor();
  // The real confirm panel (not the load-failed fallback): the item's name and its form.
  expect(await dialog.locator(".confirm-name").count(), trigger).toBe(1);
  expect(await dialog.locator("form.confirm-form").count(), trigger).toBe(1);
  await expectAccessible(page);
  await page.keyboard.press("Escape");
  await expect.poll(() => page.locator("dialog[open]").count()).toBe(0);
  expect(await button.evaluate((b) => b === document.activeElement), trigger).toBe(true);
}

describe("the phone menu, open", () => {
  for (const locale of LOCALES) {
    it(`passes axe (${locale}, phone)`, async () => {
      const page = await as(KARIN, locale, VIEWPORTS.phone);
      await page.goto(appUrl("/"));
      const toggle = page.locator("button.menu-toggle");
      expect(await toggle.getAttribute("aria-expanded")).toBe("false");
      expect(await page.locator("#meny").isVisible()).toBe(false);
      await toggle.click();
      expect(await toggle.getAttribute("aria-expanded")).toBe("true");
      expect(await page.locator("#meny .main-nav").isVisible()).toBe(true);
      await expectAccessible(page);
    });
  }
});

for (const locale of LOCALES) {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    describe(`open states (${locale}, ${size})`, () => {
      it("the header search with its list open and an option active passes axe", async () => {
        const page = await as(LINA, locale, viewport);
        await page.goto(appUrl("/tags"));
        const box = page.locator("#site-search");
        await box.pressSequentially("upphandl", { delay: 20 });
        await expect.poll(() => page.locator("#site-search-listbox [role=option]").count(), { timeout: 20_000 }).toBeGreaterThan(0);
        await page.keyboard.press("ArrowDown");
        const active = await box.getAttribute("aria-activedescendant");
        expect(active).toMatch(/^site-search-opt-/);
        expect(await page.locator(`#${active}`).getAttribute("aria-selected")).toBe("true");
        expect(await page.locator("#site-search-listbox").isVisible()).toBe(true);
        await expectAccessible(page);
        // Home gives the visual focus back to the box (APG): no active option, the list stays open.
        await page.keyboard.press("Home");
        expect(await box.getAttribute("aria-activedescendant")).toBeNull();
        expect(await box.getAttribute("aria-expanded")).toBe("true");
        expect(await box.evaluate((i: HTMLInputElement) => i.selectionStart)).toBe(0);
      });

      it("the tag entry with its list open and an option active passes axe", async () => {
        const page = await as(PETER, locale, viewport);
        await page.goto(appUrl("/threads/new"));
        const input = page.locator("#f-tags");
        await input.click();
        await input.pressSequentially("kund");
        await expect.poll(() => input.getAttribute("aria-expanded")).toBe("true");
        await page.keyboard.press("ArrowDown");
        expect(await input.getAttribute("aria-activedescendant")).toMatch(/^f-tags-opt-/);
        expect(await page.locator("#f-tags-listbox").isVisible()).toBe(true);
        await expectAccessible(page);
      });

      it("the thread's dialogs pass axe: delete the thread, delete a reply, gallra", async () => {
        const page = await as(KARIN, locale, viewport);
        await page.goto(appUrl(`/t/${threadId}`));
        await dialogPasses(page, ".thread .post-actions button[aria-haspopup=dialog]:not(.dispose-link)");
        await dialogPasses(page, "#p1 button[aria-haspopup=dialog]:not(.dispose-link)");
        await dialogPasses(page, ".thread button.dispose-link");
      });

      it("the case study's dialogs pass axe: delete the case, withdraw an adoption", async () => {
        const page = await as(KARIN, locale, viewport);
        await page.goto(appUrl(`/cases/${caseId}`));
        await dialogPasses(page, ".case-delete button");
        await page.goto(appUrl(`/cases/${adoptedCaseId}`));
        await dialogPasses(page, ".adoptions button[aria-haspopup=dialog]");
      });

      it("the admins' dialogs pass axe: deactivate a person, remove a member", async () => {
        const page = await as(KARIN, locale, viewport);
        await page.goto(appUrl("/admin/people"));
        await dialogPasses(page, "main button[aria-haspopup=dialog]");
        await page.goto(appUrl("/orgs/region-gavleborg/admin"));
        await dialogPasses(page, "main button[aria-haspopup=dialog]");
      });

      it("an attachment upload showing a refused file's own error passes axe", async () => {
        const page = await as(LINA, locale, viewport);
        await page.goto(appUrl("/cases/new"));
        const fake = Buffer.from("<!doctype html><html><body><script>alert(1)</script>Rapport</body></html>\n");
        await page.setInputFiles("#f-files", [{ name: "rapport.pdf", mimeType: "application/pdf", buffer: fake }]);
        const row = page.locator("fieldset[data-attachments] [data-upload-state]").filter({ hasText: "rapport.pdf" });
        await expect.poll(() => row.getAttribute("data-upload-state"), { timeout: 30_000 }).toBe("error");
        expect((await row.locator(".upload-message").textContent())?.trim()).not.toBe("");
        await row.scrollIntoViewIfNeeded();
        await expectAccessible(page);
      });
    });
  }
}
