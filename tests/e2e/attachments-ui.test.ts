import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import exifr from "exifr";
import sharp from "sharp";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";
import { makeJpegWithExif, makePdf } from "../support/attachments";

// Attachments with JavaScript, in a real Chromium against the seeded production build: files
// chosen on the case form upload at once (one XHR each, a progress bar, Avbryt, an error per
// file), an image pasted into an answer becomes an attachment reference that shows inline
// without EXIF, and the native file input never sends the same file a second time.
const browser = useBrowser();
const LINA = "lina.ostman@gavle.se"; // ambassador, Gävle
const rand = randomBytes(3).toString("hex");
let db: DB;
let pdf: Buffer;
let jpeg: Buffer;
let noisy: Buffer; // a large image for the slow upload (random pixels do not compress)
const fakePdf = Buffer.from("<!doctype html><html><body><script>alert(1)</script>Rapport</body></html>\n");

beforeAll(async () => {
  db = appDatabase();
  pdf = await makePdf("Kravspecifikation", 2);
  jpeg = await makeJpegWithExif(900, 600);
  noisy = await sharp({ create: { width: 900, height: 900, channels: 3, background: { r: 128, g: 128, b: 128 }, noise: { type: "gaussian", mean: 128, sigma: 60 } } }).jpeg({ quality: 95 }).toBuffer();
});
afterAll(() => db?.destroy());

const file = (name: string, mimeType: string, buffer: Buffer) => ({ name, mimeType, buffer });
const rows = (page: Page) => page.locator("fieldset[data-attachments] [data-upload-state]");
const row = (page: Page, name: string) => rows(page).filter({ hasText: name });

async function caseForm(viewport?: { width: number; height: number }) {
  const s = await browser.open(viewport ? { viewport } : {});
  await signIn(s.page, LINA);
  await s.page.goto(appUrl("/cases/new"));
  return s;
}

/** Chooses files through the visible "Välj filer" button (a real file chooser). */
async function choose(page: Page, files: ReturnType<typeof file>[]) {
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByRole("button", { name: "Välj filer" }).click()]);
  await chooser.setFiles(files);
}

/** Uploads from now on crawl (CDP network emulation), so progress can be watched. */
async function throttle(page: Page, bytesPerSecond: number) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: bytesPerSecond });
  return () => cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
}

describe("attachments with JavaScript", () => {
  it("attaches a PDF and an image to a case: each uploads at once, reaches done, and the saved case lists both", async () => {
    const { page } = await caseForm();
    const title = `Fallstudie med bilagor ${rand}`;
    await page.fill("#f-title", title);
    const uploads: string[] = [];
    page.on("request", (r) => r.method() === "POST" && uploads.push(new URL(r.url()).pathname));
    await choose(page, [file("Kravspecifikation.pdf", "application/pdf", pdf), file("kontoret.jpg", "image/jpeg", jpeg)]);
    await expect.poll(() => rows(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-upload-state"))), { timeout: 30_000 }).toEqual(["done", "done"]);
    expect(uploads.filter((p) => p === "/attachments/upload")).toHaveLength(2); // one XHR per file
    const ids = await page.locator("fieldset[data-attachments] input[type=hidden][name=attachment]").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(ids).toHaveLength(2);
    expect(await page.locator("#f-files").getAttribute("name")).toBeNull(); // the native input sends nothing again
    await page.fill(`#f-title-${ids[0]}`, "Kravspecifikation för upphandlingen");
    expect(await page.locator("[data-upload-status]").textContent()).toMatch(/är uppladdad/);

    const sent: { files: number }[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && new URL(r.url()).pathname === "/cases/new") sent.push({ files: (r.postData() ?? "").split('filename="').length - 1 });
    });
    await Promise.all([page.waitForURL(/\/cases\/\d+-/), page.click("button[name=intent][value=save]")]);
    expect(sent).toEqual([{ files: 0 }]); // the form carried ids, not the files a second time
    const list = page.locator(".attachment-list");
    await list.waitFor();
    expect(await list.textContent()).toContain("Kravspecifikation för upphandlingen");
    expect(await list.textContent()).toContain("kontoret.jpg");
    const caseId = Number(new URL(page.url()).pathname.split("/")[2].split("-")[0]);
    const stored = await db.selectFrom("attachments").select(["public_id", "parent_type", "parent_id"]).where("public_id", "in", ids).execute();
    expect(stored.map((s) => [s.parent_type, String(s.parent_id)])).toEqual([["case", String(caseId)], ["case", String(caseId)]]);
  });

  it("pastes an image into an answer: the reference is inserted at the caret, the answer shows it inline with its alt text and no EXIF", async () => {
    const thread = await db.selectFrom("threads").select(["id"]).where("visibility", "in", ["network", "public"]).where("hidden_at", "is", null)
      .where("deleted_at", "is", null).where("locked_at", "is", null).orderBy("id").executeTakeFirstOrThrow();
    const { page } = await browser.open();
    await signIn(page, LINA);
    await page.goto(appUrl(`/t/${thread.id}`));
    const body = page.locator("#f-body");
    await body.fill(`Så här ser skylten ut ${rand}:\n\nMer text under.`);
    const caret = `Så här ser skylten ut ${rand}:\n\n`.length;
    await body.evaluate((el, at) => (el as HTMLTextAreaElement).setSelectionRange(at, at), caret);
    await body.evaluate((el, b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], "skylten-vid-entren.jpg", { type: "image/jpeg" }));
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
    }, jpeg.toString("base64"));
    await expect.poll(() => body.inputValue(), { timeout: 30_000 }).toMatch(/!\[skylten-vid-entren\]\(attachment:[A-Za-z0-9_-]+\)/);
    const value = await body.inputValue();
    const publicId = /attachment:([A-Za-z0-9_-]+)/.exec(value)![1];
    expect(value.indexOf("![skylten-vid-entren]")).toBe(caret); // at the caret, the text around it kept
    expect(value).toContain("Mer text under.");
    expect(await page.locator(`input[type=hidden][name=attachment][value="${publicId}"]`).count()).toBe(1);
    // The live preview follows the inserted reference.
    await expect.poll(() => page.locator('.md-preview img[alt="skylten-vid-entren"]').count(), { timeout: 15_000 }).toBe(1);

    // The writer edits the alt text, then posts.
    await body.fill(value.replace("![skylten-vid-entren]", "![Skylt med öppettider vid entrén]"));
    await Promise.all([page.waitForURL(/\/t\/\d+.*#p\d+$/), page.getByRole("button", { name: "Skicka svar" }).click()]);
    // The answer shows at once: a write's redirect reloads the page's data even when only the
    // #fragment changes (X-Remix-Revalidate, app/entry.server.tsx).
    const img = page.locator(`.post img[alt="Skylt med öppettider vid entrén"], article img[alt="Skylt med öppettider vid entrén"]`).first();
    await img.waitFor({ state: "attached", timeout: 15_000 });
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
    const src = await img.evaluate((i) => (i as HTMLImageElement).currentSrc || (i as HTMLImageElement).src);
    expect(src).toContain(`/a/${publicId}/`);
    const served = await page.request.get(src);
    expect(served.status()).toBe(200);
    const bytes = await served.body();
    expect((await exifr.parse(jpeg, { gps: true }))?.Make).toBe("KameraTillverkare"); // what was pasted did carry EXIF
    const exif = await exifr.parse(bytes, { gps: true, tiff: true, xmp: true, iptc: true }).catch(() => undefined);
    expect(exif?.Make).toBeUndefined();
    expect(exif?.latitude).toBeUndefined();
    expect(exif?.GPSLatitude).toBeUndefined();
    await expectAccessible(page);
  });

  it("moves the progress bar on a slow upload, and Avbryt cancels it: nothing attached", async () => {
    const { page } = await caseForm();
    await page.fill("#f-title", `Avbruten uppladdning ${rand}`);
    const unthrottle = await throttle(page, 48 * 1024);
    await page.setInputFiles("#f-files", [file("stor-bild.jpg", "image/jpeg", noisy)]);
    const bar = row(page, "stor-bild.jpg").locator("progress");
    await bar.waitFor();
    expect(await bar.getAttribute("aria-label")).toBe("Laddar upp stor-bild.jpg");
    const seen: number[] = [];
    let max = 0;
    await expect.poll(async () => {
      const [v, m] = await bar.evaluate((p) => [(p as HTMLProgressElement).value, (p as HTMLProgressElement).max]);
      max = m;
      seen.push(v);
      return seen.some((x) => x > 0 && x < m);
    }, { timeout: 30_000, interval: 100 }).toBe(true);
    expect(max).toBeGreaterThan(0);
    expect(await row(page, "stor-bild.jpg").locator(".upload-percent").textContent()).toMatch(/^\d+\s?%$/);
    await row(page, "stor-bild.jpg").getByRole("button", { name: "Avbryt uppladdningen av stor-bild.jpg" }).click();
    await expect.poll(() => rows(page).count()).toBe(0);
    expect(await page.locator("[data-upload-status]").textContent()).toContain("avbruten");
    expect(await page.locator("fieldset[data-attachments] input[name=attachment]").count()).toBe(0);
    await unthrottle();
    await Promise.all([page.waitForURL(/\/cases\/\d+-/), page.click("button[name=intent][value=save]")]);
    expect(await page.locator(".attachment-list").count()).toBe(0);
  });

  it("shows a refused file's own error and keeps the rest of the form and the good file", async () => {
    const { page } = await caseForm();
    const title = `Fallstudie med en falsk PDF ${rand}`;
    await page.fill("#f-title", title);
    await page.fill("#f-summary", "Sammanfattningen ska finnas kvar.");
    await page.setInputFiles("#f-files", [file("rapport.pdf", "application/pdf", fakePdf), file("Kravspecifikation.pdf", "application/pdf", pdf)]);
    await expect.poll(() => row(page, "rapport.pdf").getAttribute("data-upload-state"), { timeout: 30_000 }).toBe("error");
    await expect.poll(() => row(page, "Kravspecifikation.pdf").getAttribute("data-upload-state"), { timeout: 30_000 }).toBe("done");
    expect(await row(page, "rapport.pdf").locator(".upload-message").textContent()).toMatch(/Filtypen är inte tillåten|kod som en webbläsare/);
    expect(await page.inputValue("#f-title")).toBe(title);
    expect(await page.inputValue("#f-summary")).toBe("Sammanfattningen ska finnas kvar.");
    expect(await row(page, "rapport.pdf").locator("input[name=attachment]").count()).toBe(0);
    await Promise.all([page.waitForURL(/\/cases\/\d+-/), page.click("button[name=intent][value=save]")]);
    const list = await page.locator(".attachment-list").textContent();
    expect(list).toContain("Kravspecifikation.pdf");
    expect(list).not.toContain("rapport.pdf");
  });

  it("is accessible with an upload in progress and an error, on desktop and phone (screenshots)", async () => {
    for (const viewport of [{ width: 1366, height: 900 }, { width: 390, height: 844 }]) {
      const { page } = await caseForm(viewport);
      await page.setInputFiles("#f-files", [file("Kravspecifikation.pdf", "application/pdf", pdf), file("rapport.pdf", "application/pdf", fakePdf)]);
      await expect.poll(() => row(page, "rapport.pdf").getAttribute("data-upload-state"), { timeout: 30_000 }).toBe("error");
      await expect.poll(() => row(page, "Kravspecifikation.pdf").getAttribute("data-upload-state"), { timeout: 30_000 }).toBe("done");
      const unthrottle = await throttle(page, 32 * 1024);
      await page.setInputFiles("#f-files", [file("stor-bild.jpg", "image/jpeg", noisy)]);
      await row(page, "stor-bild.jpg").locator("progress").waitFor();
      const box = page.locator("fieldset[data-attachments]");
      await box.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(tmpdir(), `att-ui-case-${viewport.width}.png`) });
      await box.screenshot({ path: path.join(tmpdir(), `att-ui-fieldset-${viewport.width}.png`) });
      await expectAccessible(page);
      await row(page, "stor-bild.jpg").getByRole("button", { name: /Avbryt/ }).click();
      await expect.poll(() => row(page, "stor-bild.jpg").count()).toBe(0);
      await unthrottle();
    }
  });

  it("still works without JavaScript: the plain file input sends the files with the form", async () => {
    const { page } = await browser.open({ javaScript: false });
    await signIn(page, LINA);
    await page.goto(appUrl("/cases/new"));
    expect(await page.locator("#f-files").getAttribute("name")).toBe("files");
    expect(await page.getByRole("button", { name: "Välj filer" }).count()).toBe(0);
    await page.fill("#f-title", `Fallstudie utan JavaScript ${rand}`);
    await page.setInputFiles("#f-files", [file("Kravspecifikation.pdf", "application/pdf", pdf)]);
    await Promise.all([page.waitForURL(/\/cases\/\d+-/), page.click("button[name=intent][value=save]")]);
    expect(await page.locator(".attachment-list").textContent()).toContain("Kravspecifikation.pdf");
  });
});
