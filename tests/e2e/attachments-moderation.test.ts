import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";
import { storeAttachment } from "../support/attachment-text";
import { makePdf } from "../support/attachments";

const browser = useBrowser();

// Issue 12: a moderator hides one attachment of a case from the case page (a plain form with a
// reason); a member of the same organisation then gets 404 on its download URL and sees no
// moderation tools; the file is shown again from a page without JavaScript.

const MODERATOR = "marcus.ahlund@gavle.se"; // moderator in Gävle (demo seed)
const MEMBER = "peter.nystrom@gavle.se"; // member in Gävle
const UPLOADER = "lina.ostman@gavle.se"; // ambassador in Gävle: the uploader still sees a hidden file, so not the member
const filename = `Moderering-${Math.random().toString(36).slice(2, 8)}.pdf`;
let db: DB;
let casePath = "";
let caseId = "";
let publicId = "";

beforeAll(async () => {
  db = appDatabase();
  const c = await db.selectFrom("cases as c").innerJoin("organisations as o", "o.id", "c.org_id")
    .select(["c.id", "c.slug"]).where("o.slug", "=", "gavle").where("c.visibility", "=", "organisation")
    .where("c.state", "=", "published").where("c.hidden_at", "is", null).where("c.deleted_at", "is", null).orderBy("c.id").executeTakeFirst();
  expect(c, "the demo seed has an organisation-only published case in Gävle").toBeTruthy();
  casePath = `/cases/${c!.id}-${c!.slug}`;
  caseId = c!.id;
  const uploader = await db.selectFrom("users").select("id").where("email", "=", UPLOADER).executeTakeFirstOrThrow();
  const id = await storeAttachment(db, { uploaderId: uploader.id, parentType: "case", parentId: c!.id, filename, mime: "application/pdf", bytes: await makePdf("Underlag för moderering") });
  publicId = (await db.selectFrom("attachments").select("public_id").where("id", "=", id).executeTakeFirstOrThrow()).public_id;
});
afterAll(async () => {
  await db?.deleteFrom("attachments").where("public_id", "=", publicId).execute();
  await db?.destroy();
});

const download = () => appUrl(`/a/${publicId}/${encodeURIComponent(filename)}`);

describe("the download route over HTTP (the server's direct path to the socket)", () => {
  it("serves the member whole files, ranges and HEAD, with the headers; a guest and another organisation get the same 404", async () => {
    const pdf = await makePdf("Underlag för moderering");
    const member = await browser.open();
    await signIn(member.page, MEMBER);
    for (let i = 0; i < 2; i++) { // the second read comes from the process's read cache
      const whole = await member.page.request.get(download());
      expect(whole.status()).toBe(200);
      expect(whole.headers()["content-type"]).toBe("application/pdf");
      expect(whole.headers()["content-disposition"]).toMatch(/^attachment; filename=/);
      expect(whole.headers()["x-content-type-options"]).toBe("nosniff");
      expect(whole.headers()["content-security-policy"]).toMatch(/^sandbox/);
      expect(whole.headers()["cache-control"]).toMatch(/^private/);
      expect(whole.headers()["server-timing"]).toMatch(/check;dur=/);
      expect((await whole.body()).subarray(0, 5).toString()).toBe("%PDF-");
      expect(Number(whole.headers()["content-length"])).toBe((await whole.body()).length);
      const part = await member.page.request.get(download(), { headers: { Range: "bytes=0-4" } });
      expect(part.status()).toBe(206);
      expect(part.headers()["content-range"]).toMatch(/^bytes 0-4\/\d+$/);
      expect((await part.body()).toString()).toBe("%PDF-");
      const etag = whole.headers()["etag"];
      expect((await member.page.request.get(download(), { headers: { "If-None-Match": etag } })).status()).toBe(304);
    }
    const head = await member.page.request.head(download());
    expect(head.status()).toBe(200);
    expect(Number(head.headers()["content-length"])).toBeGreaterThan(pdf.length / 2);

    const outsider = await browser.open();
    await signIn(outsider.page, "fatima.said@sandviken.se");
    const guest = await browser.open();
    const missing = appUrl(`/a/finnsinteALLS/${encodeURIComponent(filename)}`);
    const bodies = new Set<string>();
    for (const [who, page] of [["another organisation", outsider.page], ["a guest", guest.page]] as const) {
      for (const url of [download(), missing]) {
        const r = await page.request.get(url, { headers: { Range: "bytes=0-4" } });
        expect(r.status(), `${who} ${url}`).toBe(404);
        expect(r.headers()["server-timing"]).toBeUndefined();
        bodies.add(await r.text());
        expect((await page.request.head(url)).status(), `${who} HEAD`).toBe(404);
      }
    }
    expect(bodies.size, "denied and missing look the same").toBe(1);
  });
});

describe("a moderator hides one attachment from the case page", () => {
  it("a member sees no tools and can download; after the moderator hides it, the member gets 404", async () => {
    const member = await browser.open();
    await signIn(member.page, MEMBER);
    await member.page.goto(appUrl(casePath));
    expect(await member.page.locator(".attachment-list").textContent()).toContain(filename);
    expect(await member.page.getByRole("button", { name: "Dölj bilagan" }).count()).toBe(0);
    expect(await member.page.getByText(`Moderera ${filename}`).count()).toBe(0);
    expect((await member.page.request.get(download())).status()).toBe(200);

    const mod = await browser.open({ viewport: { width: 1366, height: 900 } });
    await signIn(mod.page, MODERATOR);
    await mod.page.goto(appUrl(casePath));
    const item = mod.page.locator(`#att-mod-${publicId}`);
    await item.locator("summary").click();
    await item.getByLabel("Skäl").first().fill("Innehåller personuppgifter");
    await mod.page.screenshot({ path: path.join(tmpdir(), "attachment-moderation-1366.png"), fullPage: true });
    await expectAccessible(mod.page);
    await Promise.all([mod.page.waitForURL(/mod=hidden/), item.getByRole("button", { name: "Dölj bilagan" }).click()]);
    await expect.poll(() => mod.page.locator(`#att-mod-${publicId} [role=status]`).textContent()).toBe("Bilagan är dold.");
    expect(await mod.page.locator(`#att-mod-${publicId}`).getByRole("button", { name: "Visa igen" }).count()).toBe(1);
    const audit = await db.selectFrom("audit_log").select(["reason", "details"]).where("action", "=", "case.attachment_hide").where("target_id", "=", caseId).execute();
    expect(audit.filter((a) => (a.details as { attachment?: string } | null)?.attachment === publicId).map((a) => a.reason)).toEqual(["Innehåller personuppgifter"]);

    expect((await member.page.request.get(download())).status()).toBe(404);
    await member.page.reload();
    expect(await member.page.content()).not.toContain(filename);

    const phone = await browser.open({ viewport: { width: 390, height: 844 } });
    await signIn(phone.page, MODERATOR);
    await phone.page.goto(appUrl(casePath));
    await phone.page.locator(`#att-mod-${publicId} summary`).click();
    await phone.page.screenshot({ path: path.join(tmpdir(), "attachment-moderation-390.png"), fullPage: true });
  });

  it("a forged POST by a member is a 404; the moderator shows it again without JavaScript", async () => {
    const member = await browser.open();
    await signIn(member.page, MEMBER);
    const forged = await member.page.request.post(appUrl("/mod/attachment"), {
      form: { intent: "restore", publicId, redirectTo: "/" }, headers: { Origin: new URL(appUrl("/")).origin },
    });
    expect(forged.status()).toBe(404);
    expect((await member.page.request.get(download())).status()).toBe(404);

    const mod = await browser.open({ javaScript: false });
    await signIn(mod.page, MODERATOR);
    await mod.page.goto(appUrl(casePath));
    await mod.page.locator(`#att-mod-${publicId} summary`).click();
    await Promise.all([mod.page.waitForURL(/mod=restored/), mod.page.locator(`#att-mod-${publicId}`).getByRole("button", { name: "Visa igen" }).click()]);
    expect((await member.page.request.get(download())).status()).toBe(200);
  });
});
