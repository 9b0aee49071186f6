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

describe("the accepted answer's files", () => {
  it("are listed under the accepted answer (not only under the other answers), with the moderator's tools", async () => {
    const t = await db.selectFrom("threads as t").innerJoin("organisations as o", "o.id", "t.org_id").innerJoin("posts as p", "p.id", "t.accepted_post_id")
      .select(["t.id", "p.id as postId", "p.author_id"]).where("o.slug", "=", "gavle").where("t.visibility", "in", ["network", "public"])
      .where("t.hidden_at", "is", null).where("t.deleted_at", "is", null).where("p.hidden_at", "is", null).where("p.deleted_at", "is", null)
      .orderBy("t.id").executeTakeFirst();
    expect(t, "the demo seed has a solved Gävle thread readable by the network").toBeTruthy();
    const name = `Svarsbilaga-${Math.random().toString(36).slice(2, 8)}.pdf`;
    const id = await storeAttachment(db, { uploaderId: t!.author_id, parentType: "post", parentId: t!.postId, filename: name, mime: "application/pdf", bytes: await makePdf("Bilaga till det godkända svaret") });
    try {
      const member = await browser.open();
      await signIn(member.page, MEMBER);
      await member.page.goto(appUrl(`/t/${t!.id}`));
      const accepted = member.page.locator("section.accepted-answer");
      expect(await accepted.getByRole("link", { name: new RegExp(name.replace(".pdf", "")) }).count()).toBe(1);
      expect(await accepted.locator("form[action^='/mod/attachment']").count()).toBe(0);
      const mod = await browser.open();
      await signIn(mod.page, MODERATOR);
      await mod.page.goto(appUrl(`/t/${t!.id}`));
      expect(await mod.page.locator("section.accepted-answer form[action^='/mod/attachment']").count()).toBeGreaterThan(0);
      await expectAccessible(mod.page);

      // Redacting it: after the confirm step the file is gone from every list, so the page
      // itself carries the notice.
      const tools = mod.page.locator("section.accepted-answer .attachment-mod-list li").filter({ hasText: name.replace(".pdf", "") });
      await tools.locator("summary").click();
      const redact = tools.locator("form").filter({ has: mod.page.locator("input[name=intent][value=redact]") });
      await redact.getByLabel("Skäl").fill("Personuppgifter i bilagan");
      await redact.getByRole("button", { name: "Ta bort innehållet (redigera bort)" }).click();
      await mod.page.getByRole("button", { name: "Ja, ta bort innehållet för gott" }).click();
      await mod.page.waitForURL(/mod=redacted/);
      expect(await mod.page.locator(".notice[role=status]").textContent()).toBe("Bilagans innehåll är borttaget.");
      expect(await mod.page.locator("section.accepted-answer").getByRole("link", { name: new RegExp(name.replace(".pdf", "")) }).count()).toBe(0);
      await expectAccessible(mod.page);
    } finally {
      await db.deleteFrom("attachments").where("id", "=", id).execute();
    }
  });
});

describe("a text attachment over HTTP", () => {
  it("is sent as stored, never compressed, so its length and byte ranges are the file's own", async () => {
    const uploader = await db.selectFrom("users").select("id").where("email", "=", UPLOADER).executeTakeFirstOrThrow();
    const csv = Buffer.from(["kommun;ärenden;andel", ...Array.from({ length: 400 }, (_, i) => `Gävle;${i};${(i / 4).toFixed(1)} %`)].join("\n"));
    const name = `Statistik-${Math.random().toString(36).slice(2, 8)}.csv`;
    const id = await storeAttachment(db, { uploaderId: uploader.id, parentType: "case", parentId: caseId, filename: name, mime: "text/csv", bytes: csv });
    try {
      const pid = (await db.selectFrom("attachments").select("public_id").where("id", "=", id).executeTakeFirstOrThrow()).public_id;
      const member = await browser.open();
      await signIn(member.page, MEMBER);
      const url = appUrl(`/a/${pid}/${encodeURIComponent(name)}`);
      const whole = await member.page.request.get(url, { headers: { "Accept-Encoding": "gzip, br" } });
      expect(whole.status()).toBe(200);
      expect(whole.headers()["content-encoding"]).toBeUndefined();
      expect(whole.headers()["content-type"]).toBe("text/csv; charset=utf-8");
      expect(Number(whole.headers()["content-length"])).toBe(csv.length);
      expect(Buffer.compare(await whole.body(), csv)).toBe(0);
      const part = await member.page.request.get(url, { headers: { "Accept-Encoding": "gzip, br", Range: "bytes=0-20" } });
      expect(part.status()).toBe(206);
      expect(part.headers()["content-encoding"]).toBeUndefined();
      expect(Buffer.compare(await part.body(), csv.subarray(0, 21))).toBe(0);
    } finally {
      await db.deleteFrom("attachments").where("id", "=", id).execute();
    }
  });
});
