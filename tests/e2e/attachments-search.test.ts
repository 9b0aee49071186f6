import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { extractAttachment } from "../../app/attachments/extract.job.server";
import { appDatabase } from "../support/db";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";
import { docxParts, fixtureDir, zipFile } from "../support/attachment-fixtures";
import { storeAttachment } from "../support/attachment-text";

const browser = useBrowser();

// A word that is only in a file attached to an organisation-only case in Gävle (demo seed): the
// extraction job runs against the e2e server's database, then a member finds the case through
// the search page with "i bilagan …" and a highlighted snippet, and an outsider finds nothing.

const canary = `bilagesok${Math.random().toString(36).slice(2, 10).replace(/[0-9]/g, "k")}`;
const filename = "Kravspecifikation.docx";
let db: DB;
let caseTitle = "";

beforeAll(async () => {
  db = appDatabase();
  const c = await db.selectFrom("cases as c").innerJoin("organisations as o", "o.id", "c.org_id")
    .select(["c.id", "c.title", "c.created_by"]).where("o.slug", "=", "gavle").where("c.visibility", "=", "organisation")
    .where("c.state", "=", "published").where("c.hidden_at", "is", null).where("c.deleted_at", "is", null).executeTakeFirst();
  expect(c, "the demo seed has an organisation-only published case in Gävle").toBeTruthy();
  caseTitle = c!.title;
  const dir = await fixtureDir();
  const docx = await zipFile(path.join(dir, "krav.docx"), docxParts([
    "Bilaga 1. Krav på leverantören.",
    `Tjänsten ska kunna ta emot samtal om ${canary} dygnet runt och koppla vidare till rätt handläggare.`,
  ]));
  const id = await storeAttachment(db, { uploaderId: c!.created_by, parentType: "case", parentId: c!.id, filename, mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bytes: await readFile(docx) });
  expect(await extractAttachment(db, id)).toBe("done");
});
afterAll(() => db?.destroy());

describe("search finds a case by its attachment", () => {
  it("shows a member 'i bilagan Kravspecifikation.docx' with the word highlighted, accessibly, on desktop and phone", async () => {
    for (const viewport of [{ width: 1366, height: 900 }, { width: 390, height: 844 }]) {
      const { page } = await browser.open({ viewport });
      await signIn(page, "peter.nystrom@gavle.se");
      await page.goto(appUrl(`/search?q=${canary}`));
      const hit = page.locator(".hit").filter({ hasText: caseTitle });
      expect(await hit.count()).toBe(1);
      expect(await hit.locator(".snippet-source").textContent()).toBe(`i bilagan ${filename}`);
      expect(await hit.locator(".snippet-attachment mark").first().textContent()).toBe(canary);
      await page.screenshot({ path: path.join(tmpdir(), `attachment-search-${viewport.width}.png`), fullPage: false });
      await expectAccessible(page);
    }
  });

  it("says it in English too", async () => {
    const { page, context } = await browser.open({ locale: "en-GB" });
    await context.addCookies([{ name: "allm_lang", value: "en", url: appUrl("/") }]);
    await signIn(page, "peter.nystrom@gavle.se");
    await page.goto(appUrl(`/search?q=${canary}`));
    expect(await page.locator(".snippet-source").allTextContents()).toContain(`in the attachment ${filename}`);
  });

  it("shows a member of another organisation nothing of it, nor anyone signed out", async () => {
    const outsider = await browser.open();
    await signIn(outsider.page, "fatima.said@sandviken.se");
    await outsider.page.goto(appUrl(`/search?q=${canary}`));
    expect(await outsider.page.locator(".hit").count()).toBe(0);
    expect(await outsider.page.content()).not.toContain(filename);
    const anon = await browser.open();
    await anon.page.goto(appUrl(`/search?q=${canary}`));
    expect(await anon.page.locator(".hit").count()).toBe(0);
    expect(await anon.page.content()).not.toContain(filename);
  });
});
