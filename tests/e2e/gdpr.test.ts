import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { createThread } from "../../app/forum/threads.server";
import { appDatabase } from "../support/db";
import { createUser, FACTORY_PASSWORD, viewerFor } from "../support/factories";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";
import { readZip } from "../support/zip";

// Personal data in a real browser against the production server: a person asks for their data,
// watches the progress, downloads the zip and finds their own data in it; another person asks to
// be erased, a network admin reads what stays and confirms, and the thread page no longer names them.
const browser = useBrowser();
let db: DB;
const FATIMA = "fatima.said@sandviken.se";
const KARIN = "karin.lindqvist@regiongavleborg.se";
const NAME = "Greta Glömsk";
let erasable: { email: string; threadPath: string };

beforeAll(async () => {
  db = appDatabase();
  const org = await db.selectFrom("organisations").select("id").where("slug", "=", "gavle").executeTakeFirstOrThrow();
  const tag = await db.selectFrom("tags").select("slug").where("merged_into_id", "is", null).orderBy("id").executeTakeFirstOrThrow();
  const u = await createUser(db, { orgId: org.id, name: NAME, email: `greta.${Date.now()}@gavle.se` });
  const t = await createThread({ db, viewer: await viewerFor(db, u.id), now: new Date() }, { kind: "discussion", title: "Gretas tråd om e-arkiv", body: "Text om arkivering.", tags: [tag.slug], orgId: org.id, audience: "network", sharedOrgIds: [] });
  if (!t.ok) throw new Error(`thread: ${JSON.stringify(t)}`);
  erasable = { email: u.email, threadPath: `/t/${t.id}-${t.slug}` };
});
afterAll(() => db.destroy());

describe("personal data in the browser", () => {
  it("downloads your own data export and it holds your profile; desktop and phone screenshots", async () => {
    const s = await browser.open();
    await signIn(s.page, FATIMA);
    await s.page.goto(appUrl("/settings/data"));
    await s.page.getByRole("button", { name: "Begär mina uppgifter" }).click();
    const link = s.page.getByRole("link", { name: /Ladda ner \(zip/ }).first();
    await link.waitFor({ timeout: 60_000 });
    await expectAccessible(s.page);
    await s.page.screenshot({ path: path.join(tmpdir(), "gdpr-data-desktop.png"), fullPage: true });
    await s.page.setViewportSize({ width: 390, height: 844 });
    await s.page.screenshot({ path: path.join(tmpdir(), "gdpr-data-phone.png"), fullPage: true });
    const [download] = await Promise.all([s.page.waitForEvent("download"), link.click()]);
    const zip = await readZip(await readFile((await download.path())!));
    const profile = JSON.parse(zip.get("profile.json")!.toString("utf8"));
    expect(profile[0].email).toBe(FATIMA);
    expect(zip.get("index.html")!.toString("utf8")).toContain(profile[0].name);
    // Single use: the same link is now not found.
    const again = await s.page.request.get(appUrl(new URL(download.url()).pathname));
    expect(again.status()).toBe(404);
  });

  it("anonymises a person after their request; the confirm page says what stays; the thread no longer names them", async () => {
    const me = await browser.open();
    await signIn(me.page, erasable.email, FACTORY_PASSWORD);
    await me.page.goto(appUrl("/settings/data"));
    await me.page.getByLabel("Jag förstår att raderingen inte går att ångra").check();
    await me.page.getByRole("button", { name: "Begär radering av mitt konto" }).click();
    await expect.poll(() => me.page.locator("[role=status], .done, p strong").allInnerTexts()).toContainEqual(expect.stringContaining("Du begärde radering"));

    const admin = await browser.open();
    await signIn(admin.page, KARIN);
    await admin.page.goto(appUrl("/admin/erasure"));
    await admin.page.getByRole("link", { name: `Granska begäran från ${NAME}` }).click();
    await expect.poll(() => admin.page.locator("h1").innerText()).toContain(NAME);
    expect(await admin.page.locator("main").innerText()).toContain("allmänna handlingar");
    await expectAccessible(admin.page);
    await admin.page.screenshot({ path: path.join(tmpdir(), "gdpr-erasure-confirm.png"), fullPage: true });
    await admin.page.getByLabel("Jag har läst vad som händer och vill avidentifiera personen").check();
    await Promise.all([admin.page.waitForURL(/\/admin\/erasure\?done=1/), admin.page.getByRole("button", { name: "Avidentifiera nu" }).click()]);
    await admin.page.goto(appUrl(erasable.threadPath));
    const text = await admin.page.locator("main").innerText();
    expect(text).not.toContain(NAME);
    expect(text).toContain("Tidigare medlem, Gävle kommun");
    await me.page.goto(appUrl("/settings"));
    expect(new URL(me.page.url()).pathname).toBe("/login"); // the session ended
  });
});
