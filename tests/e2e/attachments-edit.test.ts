import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";
import { makePdf } from "../support/attachments";

// Issue 12: files on the forms that edit what exists — the case edit form (its editor, here
// without JavaScript) and the moderator's edit form (with JavaScript: the file goes up at once).

const browser = useBrowser();
const LINA = "lina.ostman@gavle.se"; // ambassador, Gävle
const MODERATOR = "marcus.ahlund@gavle.se"; // moderator, Gävle
const rand = randomBytes(3).toString("hex");
const file = (name: string, buffer: Buffer) => ({ name, mimeType: "application/pdf", buffer });
let db: DB;
let caseUrl = "";
let caseId = "";

beforeAll(async () => {
  db = appDatabase();
});
afterAll(async () => {
  await db?.destroy();
});

describe("files on the edit forms", () => {
  it("the case edit form without JavaScript: untick one file, add another, and the case shows exactly that", async () => {
    const { page } = await browser.open({ javaScript: false });
    await signIn(page, LINA);
    await page.goto(appUrl("/cases/new"));
    await page.fill("#f-title", `Fallstudie med bilagor ${rand}`);
    await page.setInputFiles("#f-files", [file(`Gammal-${rand}.pdf`, await makePdf("Gammal bilaga")), file(`Behalls-${rand}.pdf`, await makePdf("Behålls"))]);
    await Promise.all([page.waitForURL(/\/cases\/\d+-/), page.click("button[name=intent][value=save]")]);
    caseUrl = new URL(page.url()).pathname;
    caseId = /\/cases\/(\d+)-/.exec(caseUrl)![1];
    expect(await page.locator(".attachment-list").textContent()).toContain(`Gammal-${rand}.pdf`);

    await page.goto(appUrl(`/cases/${caseId}/edit`));
    expect(await page.getByRole("heading", { name: "Bilagor" }).count()).toBe(1);
    const old = page.getByLabel(`Behåll Gammal-${rand}.pdf`);
    expect(await old.isChecked()).toBe(true);
    await old.uncheck();
    await page.setInputFiles("#f-files", [file(`Ny-${rand}.pdf`, await makePdf("Ny bilaga"))]);
    await page.screenshot({ path: path.join(tmpdir(), "case-edit-files-1366.png"), fullPage: true });
    await Promise.all([page.waitForURL(/saved=1|published=1/), page.click("button[name=intent][value=save]")]);
    const list = await page.locator(".attachment-list").textContent();
    expect(list).toContain(`Behalls-${rand}.pdf`);
    expect(list).toContain(`Ny-${rand}.pdf`);
    expect(list).not.toContain(`Gammal-${rand}.pdf`);

    // The same form with JavaScript, on a phone: one "Bilagor" heading, the drop zone, and no axe violations.
    const phone = await browser.open({ viewport: { width: 390, height: 844 } });
    await signIn(phone.page, LINA);
    await phone.page.goto(appUrl(`/cases/${caseId}/edit`));
    expect(await phone.page.getByRole("heading", { name: "Bilagor" }).count()).toBe(1);
    expect(await phone.page.getByRole("button", { name: "Välj filer" }).count()).toBe(1);
    await phone.page.locator("fieldset[data-attachments]").scrollIntoViewIfNeeded();
    await phone.page.screenshot({ path: path.join(tmpdir(), "case-edit-files-390.png") });
    await expectAccessible(phone.page);
  });

  it("the moderator's edit form with JavaScript: the file uploads at once and is attached with the edit", async () => {
    expect(caseId, "the first test made the case").not.toBe("");
    const { page } = await browser.open({ viewport: { width: 390, height: 844 } });
    await signIn(page, MODERATOR);
    await page.goto(appUrl(`/mod/edit?targetType=case&targetId=${caseId}&redirectTo=${encodeURIComponent(caseUrl)}`));
    expect(await page.getByLabel(`Behåll Behalls-${rand}.pdf`).isChecked()).toBe(true);
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Välj filer" }).click();
    await (await chooser).setFiles([file(`Moderator-${rand}.pdf`, await makePdf("Rättad bilaga"))]);
    await expect.poll(() => page.locator(`fieldset[data-attachments] [data-upload-state="done"]`).count(), { timeout: 20_000 }).toBe(1);
    await page.getByLabel("Text").fill("Sammanfattningen, rättad av moderator.");
    await page.getByLabel("Motivering").fill("Rätt version av bilagan");
    await page.screenshot({ path: path.join(tmpdir(), "mod-edit-files-390.png"), fullPage: true });
    await expectAccessible(page);
    await Promise.all([page.waitForURL(/mod=edited/), page.getByRole("button", { name: "Spara ändringen" }).click()]);
    await expect.poll(async () => (await page.locator(".attachment-list").textContent()) ?? "").toContain(`Moderator-${rand}.pdf`);
    expect(await page.locator(".attachment-list").textContent()).toContain(`Behalls-${rand}.pdf`);
  });
});
