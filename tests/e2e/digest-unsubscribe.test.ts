import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { DB } from "../../db/client";
import { seed } from "../../db/seed";
import { createThread } from "../../app/forum/threads.server";
import { runDigest } from "../../app/mail/digest.server";
import { myMailSettings } from "../../app/notifications/preferences.server";
import { freePort, spawnApp, waitForStatus, type AppProcess } from "../support/app-process";
import { DEMO_PASSWORD, expectAccessible, useBrowser } from "../support/browser";
import { freshDatabase } from "../support/db";
import { viewerFor } from "../support/factories";
import { startSmtp, type Captured } from "../support/smtp";

// The digest loop end to end: a private production server (its own worker sends through a real
// SMTP server here), a watched tag, a new thread, the digest job, the captured mail, its
// unsubscribe link opened signed out in Chromium and confirmed, and the RFC 8058 one-click POST
// a mail client makes (no Origin, body `List-Unsubscribe=One-Click`).
const browser = useBrowser();
const PETER = "peter.nystrom@gavle.se";
const FATIMA = "fatima.said@sandviken.se";
let db: DB;
let destroy: () => Promise<void>;
let app: AppProcess;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let base: string;
const url = (p: string) => new URL(p, base).toString();
const user = (email: string) => db.selectFrom("users").select(["id", "primary_org_id"]).where("email", "=", email).executeTakeFirstOrThrow();
const prefsOf = async (id: string) => (await myMailSettings({ db, viewer: await viewerFor(db, id), now: new Date() }))!.prefs;
const unsubscribeUrl = (m: Captured) => /^<([^>]+)>$/.exec(m.headers.get("list-unsubscribe")!)![1];

async function signIn(page: Page, email: string) {
  await page.goto(url("/login"));
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", DEMO_PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("form.stack button[type=submit]")]);
}

beforeAll(async () => {
  smtp = await startSmtp();
  const fresh = await freshDatabase();
  ({ db, destroy } = fresh);
  await seed(db, { demo: true });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  app = await spawnApp({ DATABASE_URL: fresh.url, HOST: "127.0.0.1", PORT: String(port), APP_URL: base, DEMO_MODE: "1", SEED: "never", SMTP_URL: smtp.url });
  await waitForStatus(app, "/healthz", 60_000);
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await smtp?.stop();
  await destroy?.();
});

describe("digest mail → unsubscribe", () => {
  it("a watched tag's new thread arrives in the daily digest; its link unsubscribes signed out; the one-click POST answers 200", async () => {
    const peter = await user(PETER);
    const fatima = await user(FATIMA);
    const third = await db.selectFrom("users").select(["id", "email"]).where("email", "not in", [PETER, FATIMA]).where("deactivated_at", "is", null)
      .where("primary_org_id", "is not", null).orderBy("id").executeTakeFirstOrThrow();
    const tag = await db.selectFrom("tags").select(["id", "slug"]).orderBy("id").executeTakeFirstOrThrow();
    for (const u of [peter.id, third.id]) {
      await db.insertInto("watches").values({ user_id: u, target_type: "tag", target_id: tag.id, level: "watching" })
        .onConflict((oc) => oc.doNothing()).execute();
    }
    expect((await prefsOf(peter.id)).new_thread).toBe("daily");
    await runDigest(db, "daily", new Date()); // everyone's "last digest" is now: only what follows counts
    const title = `Digestfråga ${Date.now().toString(36)}`;
    const t = await createThread({ db, viewer: await viewerFor(db, fatima.id), now: new Date() }, {
      kind: "question", title, body: "Hur gör ni?", tags: [tag.slug], orgId: fatima.primary_org_id!, audience: "network", sharedOrgIds: [],
    });
    if (!t.ok) throw new Error("create failed");
    // The server's worker fans the event out: a new_thread notification for each watcher.
    await expect.poll(async () => (await db.selectFrom("notifications").select("user_id").where("thread_id", "=", t.id).where("kind", "=", "new_thread").execute()).length, { timeout: 15_000 }).toBe(2);
    const r = await runDigest(db, "daily", new Date(Date.now() + 1000));
    expect(r.queued).toBeGreaterThanOrEqual(2);
    // The server's worker sends the queued mails over real SMTP.
    const mailTo = (email: string) => smtp.messages.find((m) => m.to.includes(email) && m.text.includes(title));
    await expect.poll(() => Boolean(mailTo(PETER) && mailTo(third.email)), { timeout: 15_000 }).toBe(true);
    const mail = mailTo(PETER)!;
    expect(mail.text).toContain(`${base}/t/${t.id}-`);
    expect(mail.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const link = unsubscribeUrl(mail);
    expect(link.startsWith(`${base}/unsubscribe?t=`)).toBe(true);
    // The HTML part links to the same page.
    expect(mail.html).toContain(link.replace(/&/g, "&amp;"));

    // Signed out, in a real browser: the confirm page, accessible; one click; the preference changes.
    const s = await browser.open();
    await s.page.goto(link);
    await s.page.getByRole("heading", { level: 1 }).waitFor();
    await expectAccessible(s.page);
    await s.page.getByRole("button", { name: "Ja, avsluta" }).click();
    await s.page.locator("[data-unsubscribe=done]").waitFor();
    await expectAccessible(s.page);
    const after = await prefsOf(peter.id);
    expect(Object.values(after)).not.toContain("daily");
    expect(after.new_thread).toBe("never");
    const consent = await db.selectFrom("mail_consents").selectAll().where("user_id", "=", peter.id).execute();
    expect(consent.some((c) => c.source === "unsubscribe" && c.kind === "new_thread" && c.cadence === "never")).toBe(true);

    // RFC 8058 one-click, as a mail client sends it: POST, no Origin, no cookie.
    expect((await prefsOf(third.id)).new_thread).toBe("daily");
    const res = await fetch(unsubscribeUrl(mailTo(third.email)!), {
      method: "POST", redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    expect((await prefsOf(third.id)).new_thread).toBe("never");
    // A forged token: a 400 with the translated message, not a 500, and nothing changes.
    const forged = await fetch(unsubscribeUrl(mailTo(third.email)!).replace(/.$/, (c) => (c === "A" ? "B" : "A")), {
      method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click",
    });
    expect(forged.status).toBe(400);

    // The settings page the unsubscribe page links to, signed in, at #mail.
    const p = await browser.open();
    await signIn(p.page, PETER);
    await p.page.goto(url("/settings/notifications#mail"));
    await p.page.locator("#mail").waitFor();
    await expectAccessible(p.page);
  }, 90_000);
});
