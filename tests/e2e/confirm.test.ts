import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";
import { makeCase, makePost, makeThread } from "../support/moderation";

// Issue #16 items 1 and 6 in a real browser: destructive actions confirm (a page without
// JavaScript, a native dialog with it), gallring from the item, Ångra after a soft delete, and
// the helpful dead ends (sign in to see and come back, /mod for members).
const browser = useBrowser();
let db: DB;
const stamp = Date.now().toString(36);

const userId = async (handle: string) => (await db.selectFrom("users").select("id").where("handle", "=", handle).executeTakeFirstOrThrow()).id;
const orgId = async (slug: string) => (await db.selectFrom("organisations").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
const threadRow = (id: string) => db.selectFrom("threads").select(["deleted_at", "deleted_by"]).where("id", "=", id).executeTakeFirst();
const postRow = (id: string) => db.selectFrom("posts").select(["deleted_at"]).where("id", "=", id).executeTakeFirstOrThrow();
const auditActions = async (targetId: string) => (await db.selectFrom("audit_log").select("action").where("target_id", "=", targetId).execute()).map((a) => a.action);
const inDialog = (page: Page) => page.evaluate(() => Boolean(document.activeElement?.closest("dialog[open]")));

beforeAll(() => {
  db = appDatabase();
});
afterAll(() => db.destroy());

async function as(email: string, javaScript = true): Promise<Page> {
  const { page } = await browser.open({ javaScript });
  await signIn(page, email);
  return page;
}

describe("destructive actions confirm", () => {
  it("without JavaScript: the confirm page says what happens, Cancel keeps the thread, confirming deletes it, Ångra brings it back (audited)", async () => {
    const title = `Att ta bort ${stamp}`;
    const id = await makeThread(db, { orgId: await orgId("gavle"), authorId: await userId("lina.ostman"), title });
    await makePost(db, { threadId: id, authorId: await userId("peter.nystrom"), body: "Ett svar som följer med." });
    const lina = await as("lina.ostman@gavle.se", false);
    await lina.goto(appUrl(`/t/${id}`));
    await lina.getByRole("link", { name: "Ta bort tråden" }).click();
    expect(new URL(lina.url()).pathname).toBe("/confirm/deleteThread");
    expect(await lina.locator("h1").textContent()).toBe("Ta bort tråden?");
    expect(await lina.locator(".confirm-name").textContent()).toBe(title);
    const facts = await lina.locator(".confirm-facts").textContent();
    expect(facts).toContain("1 svar följer med.");
    expect(facts).toContain("Du kan ångra i 10 minuter efteråt.");
    // Cancel goes back and nothing happened.
    await lina.getByRole("link", { name: "Avbryt och gå tillbaka" }).click();
    expect(new URL(lina.url()).pathname).toMatch(new RegExp(`^/t/${id}-`));
    expect((await threadRow(id))?.deleted_at).toBeNull();
    // Confirming deletes, and the status offers Ångra.
    await lina.getByRole("link", { name: "Ta bort tråden" }).click();
    await lina.getByRole("button", { name: "Ja, ta bort tråden" }).click();
    expect(new URL(lina.url()).pathname).toBe("/undo");
    expect(await lina.locator("[role=status]").textContent()).toContain("Tråden är borttagen.");
    expect((await threadRow(id))?.deleted_at).not.toBeNull();
    await lina.getByRole("button", { name: "Ångra borttagningen av tråden" }).click();
    expect(await lina.locator("[role=status]").textContent()).toContain("Tråden är återställd.");
    expect(await lina.locator("h1").textContent()).toBe(title);
    expect((await threadRow(id))?.deleted_at).toBeNull();
    expect(await auditActions(id)).toContain("thread.undo_delete");
    // A post without the confirmation (a stale one-click form) lands on the confirm page instead.
    const res = await lina.request.post(appUrl(`/t/${id}`), { form: { intent: "deleteThread" }, headers: { Origin: new URL(appUrl()).origin }, maxRedirects: 0 });
    expect(res.status()).toBe(303);
    expect(res.headers()["location"]).toBe(`/confirm/deleteThread?threadId=${id}`);
    expect((await threadRow(id))?.deleted_at).toBeNull();
  });

  it("with JavaScript: a modal dialog takes focus, keeps it, closes on Escape and gives focus back; confirming deletes the reply; Ångra restores it, once and in time only", async () => {
    const id = await makeThread(db, { orgId: await orgId("gavle"), authorId: await userId("lina.ostman"), title: `Dialogen ${stamp}` });
    const postId = await makePost(db, { threadId: id, authorId: await userId("peter.nystrom"), body: `Svaret som tas bort ${stamp}` });
    const peter = await as("peter.nystrom@gavle.se");
    await peter.goto(appUrl(`/t/${id}`));
    const trigger = peter.locator("#p1").getByRole("button", { name: "Ta bort (Svar 1)" });
    await trigger.click();
    const dialog = peter.getByRole("dialog", { name: "Ta bort svaret?" });
    await dialog.waitFor();
    expect(await inDialog(peter)).toBe(true);
    expect(await dialog.locator(".confirm-facts").textContent()).toContain("Du kan ångra i 10 minuter efteråt.");
    await expectAccessible(peter);
    // Focus stays inside the dialog (the rest of the page is inert).
    for (let i = 0; i < 6; i++) {
      await peter.keyboard.press("Tab");
      const inside = await peter.evaluate(() => !document.activeElement || document.activeElement === document.body || Boolean(document.activeElement.closest("dialog[open]")));
      expect(inside).toBe(true);
    }
    await peter.keyboard.press("Escape");
    await expect.poll(() => peter.locator("dialog[open]").count()).toBe(0);
    expect(await peter.evaluate(() => document.activeElement?.textContent)).toContain("Ta bort");
    expect(await trigger.evaluate((el) => el === document.activeElement)).toBe(true);
    expect((await postRow(postId)).deleted_at).toBeNull();

    await trigger.click();
    await dialog.getByRole("button", { name: "Ja, ta bort svaret" }).click();
    await expect.poll(() => peter.locator(".undo-notice").textContent()).toContain("Svaret är borttaget.");
    expect((await postRow(postId)).deleted_at).not.toBeNull();
    await expectAccessible(peter);
    const undo = peter.getByRole("button", { name: "Ångra borttagningen av svaret" });
    await Promise.all([peter.waitForResponse((r) => r.url().includes("/undo") && r.request().method() === "POST"), undo.click()]);
    await expect.poll(() => peter.locator("[role=status]").first().textContent()).toContain("Svaret är återställt.");
    expect((await postRow(postId)).deleted_at).toBeNull();
    expect(await peter.locator("#p1 .post-body").textContent()).toContain(`Svaret som tas bort ${stamp}`);
    expect(await auditActions(postId)).toEqual(["post.undo_delete"]);

    // Past the window the undo is refused with a clear message, and nothing changes.
    await peter.locator("#p1").getByRole("button", { name: "Ta bort (Svar 1)" }).click();
    await dialog.getByRole("button", { name: "Ja, ta bort svaret" }).click();
    await expect.poll(() => peter.locator(".undo-notice").count()).toBe(1);
    await db.updateTable("posts").set({ deleted_at: new Date(Date.now() - 11 * 60_000) }).where("id", "=", postId).execute();
    await peter.getByRole("button", { name: "Ångra borttagningen av svaret" }).click();
    await expect.poll(() => peter.locator("[role=alert]").first().textContent()).toContain("Det går inte längre att ångra");
    expect((await postRow(postId)).deleted_at).not.toBeNull();
    await expectAccessible(peter);

    // Somebody else cannot take back another person's delete, even in time.
    await db.updateTable("posts").set({ deleted_at: new Date() }).where("id", "=", postId).execute();
    const marcus = await as("marcus.ahlund@gavle.se");
    const res = await marcus.request.post(appUrl("/undo"), { form: { kind: "post", id: postId, back: "/" }, headers: { Origin: new URL(appUrl()).origin }, maxRedirects: 0 });
    expect(res.status()).toBe(409);
    expect((await postRow(postId)).deleted_at).not.toBeNull();
  });

  it("gallring starts from the item without JavaScript: what goes, the decision, then it is gone and logged", async () => {
    const title = `Gallras från tråden ${stamp}`;
    const id = await makeThread(db, { orgId: await orgId("gavle"), authorId: await userId("peter.nystrom"), title });
    await makePost(db, { threadId: id, authorId: await userId("lina.ostman") });
    await makePost(db, { threadId: id, authorId: await userId("lina.ostman") });
    const karin = await as("karin.lindqvist@regiongavleborg.se", false);
    await karin.goto(appUrl(`/t/${id}`));
    await karin.locator(".thread .item-tools").getByRole("link", { name: "Gallra (radera permanent)" }).click();
    expect(await karin.locator("h1").textContent()).toBe("Gallra permanent?");
    expect(await karin.locator(".confirm-name").textContent()).toBe(title);
    const facts = await karin.locator(".confirm-facts").textContent();
    expect(facts).toContain("2 svar följer med.");
    expect(facts).toContain("Gallring går inte att ångra.");
    // Without a decision the answer says so and keeps the form.
    await karin.getByRole("button", { name: "Gallra permanent" }).click();
    expect(await karin.locator("[role=alert]").first().textContent()).toBeTruthy();
    expect(await threadRow(id)).toBeDefined();
    await karin.getByLabel("Gallringsbeslut (diarienummer)").fill(`RG 2026/${stamp}`);
    await karin.getByRole("button", { name: /Gallra/ }).last().click();
    expect(new URL(karin.url()).pathname).toBe("/mod/gallring");
    expect(await karin.locator("[role=status]").textContent()).toContain("Innehållet är gallrat");
    expect(await karin.locator("main").textContent()).toContain(`RG 2026/${stamp}`);
    expect(await threadRow(id)).toBeUndefined();
    // Only network admins get the tool: a moderator in scope sees none.
    const other = await makeThread(db, { orgId: await orgId("gavle"), authorId: await userId("peter.nystrom") });
    const marcus = await as("marcus.ahlund@gavle.se", false);
    await marcus.goto(appUrl(`/t/${other}`));
    expect(await marcus.getByRole("link", { name: "Gallra (radera permanent)" }).count()).toBe(0);
    expect((await marcus.goto(appUrl(`/confirm/dispose?targetType=thread&targetId=${other}`)))?.status()).toBe(404);
  });

  it("a case study: withdrawing an adoption and deleting the case confirm first; Ångra brings the case back with a revision", async () => {
    const title = `Fallet att ta bort ${stamp}`;
    const caseId = await makeCase(db, { orgId: await orgId("gavle"), authorId: await userId("lina.ostman"), title });
    const adoption = await db.insertInto("adoptions")
      .values({ case_id: caseId, org_id: await orgId("sandviken"), status: "trying", adopted_on: "2026-11-01", created_by: await userId("fatima.said") })
      .returning("id").executeTakeFirstOrThrow();
    const fatima = await as("fatima.said@sandviken.se", false);
    await fatima.goto(appUrl(`/cases/${caseId}`));
    await fatima.getByRole("link", { name: /Ta bort registreringen/ }).click();
    expect(await fatima.locator("h1").textContent()).toBe("Ta bort återanvändningen?");
    expect(await fatima.locator(".confirm-facts").textContent()).toContain("Sandvikens kommun visas inte längre");
    await fatima.getByRole("button", { name: "Ja, ta bort återanvändningen" }).click();
    expect(await db.selectFrom("adoptions").select("id").where("id", "=", adoption.id).executeTakeFirst()).toBeUndefined();

    const lina = await as("lina.ostman@gavle.se", false);
    await lina.goto(appUrl(`/cases/${caseId}`));
    await lina.getByRole("link", { name: "Ta bort fallstudien" }).click();
    expect(await lina.locator("h1").textContent()).toBe("Ta bort fallstudien?");
    await lina.getByRole("button", { name: "Ja, ta bort fallstudien" }).click();
    expect(await lina.locator("[role=status]").textContent()).toContain("Fallstudien är borttagen.");
    expect((await db.selectFrom("cases").select("deleted_at").where("id", "=", caseId).executeTakeFirstOrThrow()).deleted_at).not.toBeNull();
    await lina.getByRole("button", { name: "Ångra borttagningen av fallstudien" }).click();
    expect(await lina.locator("[role=status]").first().textContent()).toContain("Fallstudien är återställd.");
    expect(await lina.locator("h1").textContent()).toBe(title);
    expect((await db.selectFrom("cases").select("deleted_at").where("id", "=", caseId).executeTakeFirstOrThrow()).deleted_at).toBeNull();
    expect(await auditActions(caseId)).toContain("case.undo_delete");
  });

  it("the confirm pages and the open dialog pass axe, in Swedish and English and on a phone", async () => {
    const id = await makeThread(db, { orgId: await orgId("gavle"), authorId: await userId("lina.ostman"), title: `Axe ${stamp}` });
    for (const locale of ["sv-SE", "en-GB"]) {
      const { page } = await browser.open({ locale, viewport: { width: 390, height: 844 } });
      await signIn(page, "lina.ostman@gavle.se");
      await page.goto(appUrl(`/confirm/deleteThread?threadId=${id}`));
      await expectAccessible(page);
      await page.goto(appUrl(`/t/${id}`));
      await page.locator(".thread .post-actions").getByRole("button", { name: locale === "sv-SE" ? "Ta bort tråden" : "Remove the thread" }).click();
      await page.getByRole("dialog").waitFor();
      await expectAccessible(page);
    }
  });
});

describe("helpful dead ends", () => {
  it("a signed-out person gets 'logga in för att se' for a network-only thread and for a missing one alike, and comes back after signing in", async () => {
    const id = await makeThread(db, { orgId: await orgId("gavle"), authorId: await userId("lina.ostman"), title: `Bara nätverket ${stamp}`, visibility: "network" });
    const missing = "999999999";
    const [a, b] = await Promise.all([fetch(appUrl(`/t/${id}`)), fetch(appUrl(`/t/${missing}`))]);
    expect(a.status).toBe(404);
    expect(b.status).toBe(404);
    const norm = (html: string, path: string) => html.replaceAll(path, "PATH").replaceAll(encodeURIComponent(path), "PATH").replace(/nonce="[^"]*"/g, "").replace(/"nonce":"[^"]*"/g, "");
    const [ha, hb] = [norm(await a.text(), `/t/${id}`), norm(await b.text(), `/t/${missing}`)];
    expect(ha).toContain("Logga in för att se");
    expect(ha).not.toContain(`Bara nätverket ${stamp}`);
    expect(ha).toBe(hb);

    const { page } = await browser.open();
    await page.goto(appUrl(`/t/${id}`));
    expect(await page.locator("h1").textContent()).toBe("Logga in för att se");
    await expectAccessible(page);
    await page.getByRole("link", { name: "Logga in", exact: true }).last().click();
    await page.waitForURL((u) => u.pathname === "/login");
    expect(new URL(page.url()).searchParams.get("redirectTo")).toBe(`/t/${id}`);
    await page.fill("input[name=email]", "fatima.said@sandviken.se");
    await page.fill("input[name=password]", "allmanning-demo");
    await Promise.all([page.waitForURL((u) => u.pathname.startsWith(`/t/${id}`)), page.click("form.stack button[type=submit]")]);
    await expect.poll(() => page.locator("h1").textContent()).toBe(`Bara nätverket ${stamp}`);
  });

  it("the way back after sign-in is same-origin only (an open-redirect attempt lands on the home page)", async () => {
    const { page } = await browser.open();
    await page.goto(appUrl(`/login?redirectTo=${encodeURIComponent("//evil.example/t/1")}`));
    await page.fill("input[name=email]", "fatima.said@sandviken.se");
    await page.fill("input[name=password]", "allmanning-demo");
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("form.stack button[type=submit]")]);
    expect(new URL(page.url()).origin).toBe(new URL(appUrl()).origin);
    expect(new URL(page.url()).pathname).toBe("/");
  });

  it("a member on /mod/* gets a page that explains who moderates and how to reach them", async () => {
    const peter = await as("peter.nystrom@gavle.se");
    for (const path of ["/mod/queue", "/mod/log", "/mod/health"]) {
      const res = await peter.goto(appUrl(path));
      expect(res?.status()).toBe(403);
      expect(await peter.locator("h1").textContent()).toBe("Moderering är för moderatorer");
    }
    const text = (await peter.locator("main").textContent()) ?? "";
    expect(text).not.toContain("Något gick fel");
    expect(text).toContain("Flagga");
    expect(await peter.locator("main").getByRole("link", { name: "Marcus Åhlund" }).count()).toBeGreaterThan(0);
    await expectAccessible(peter);
    // A network moderator refused gallring gets the plain answer, not "you are no moderator".
    const johan = await as("johan.berg@regiongavleborg.se");
    expect((await johan.goto(appUrl("/mod/gallring")))?.status()).toBe(403);
    expect(await johan.locator("h1").textContent()).not.toBe("Moderering är för moderatorer");
  });
});
