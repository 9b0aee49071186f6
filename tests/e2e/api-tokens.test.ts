import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";

// The journey: create an API token in Settings → API tokens, see it once, call the real API
// server with it (reads, a write without Origin: bearer requests are exempt from the CSRF check
// only when no session cookie rides along), see "last used", revoke it, and see the API refuse it.
const HANDLE = "helena.jansson"; // a member of Söderhamn no other journey signs in as
const browser = useBrowser();
const shot = (name: string) => path.join(tmpdir(), name);
let db: DB;

beforeAll(() => {
  db = appDatabase();
});
afterAll(async () => {
  await db.destroy();
});

const personOf = (handle: string) => db.selectFrom("users").select(["id", "email", "primary_org_id"]).where("handle", "=", handle).executeTakeFirst();

describe("API tokens", () => {
  it("create a token, call the API with it, see it used, revoke it", async () => {
    const me = await personOf(HANDLE);
    expect(me, "a demo person").toBeTruthy();
    const email = me!.email;
    const s = await browser.open();
    await signIn(s.page, email);
    await s.page.goto(appUrl("/settings"));
    await Promise.all([s.page.waitForURL(/\/settings\/tokens$/), s.page.getByRole("link", { name: /API-nycklar/ }).click()]);
    await expectAccessible(s.page);
    const name = `E2E ${Date.now()}`;
    await s.page.getByLabel("Namn").fill(name);
    await s.page.getByLabel("Behörighet").selectOption("write");
    await s.page.getByLabel("Giltig i").selectOption("30");
    await s.page.getByRole("button", { name: "Skapa nyckel" }).click();
    const shown = s.page.locator("output[data-token] code");
    await shown.waitFor();
    const token = (await shown.textContent())!.trim();
    expect(token).toMatch(/^allm_[A-Za-z0-9_-]{43}$/);
    await expectAccessible(s.page);
    await s.page.screenshot({ path: shot("api-tokens-desktop.png"), fullPage: true });

    // Reads with the token against the real server.
    const auth = { Authorization: `Bearer ${token}` };
    const list = await fetch(appUrl("/api/v1/threads?limit=2"), { headers: auth });
    expect(list.status).toBe(200);
    expect(list.headers.get("content-type")).toMatch(/^application\/json/);
    const page1 = await list.json();
    expect(page1.items.length).toBeGreaterThan(0);
    const etag = list.headers.get("etag")!;
    expect((await fetch(appUrl("/api/v1/threads?limit=2"), { headers: { ...auth, "If-None-Match": etag } })).status).toBe(304);

    // A write with the bearer token and no Origin: accepted (no session cookie rides along).
    const tags = (await (await fetch(appUrl("/api/v1/tags?limit=1"), { headers: auth })).json()).items;
    const body = { title: `En fråga via API:et ${Date.now()}`, body: "Skriven med en personlig API-nyckel.", tags: [tags[0].slug], orgId: me!.primary_org_id, audience: "network" };
    const created = await fetch(appUrl("/api/v1/threads"), { method: "POST", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify(body) });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = await created.json();
    expect((await (await fetch(appUrl(`/api/v1/threads/${id}`), { headers: auth })).json()).title).toBe(body.title);
    // The same write carrying the browser's session cookie and no Origin is refused by the CSRF check.
    const cookies = (await s.context.cookies()).filter((c) => /allm_session/.test(c.name)).map((c) => `${c.name}=${c.value}`).join("; ");
    expect(cookies).not.toBe("");
    const csrf = await fetch(appUrl("/api/v1/threads"), { method: "POST", headers: { ...auth, Cookie: cookies, "Content-Type": "application/json" }, body: JSON.stringify(body) });
    expect(csrf.status).toBe(403);
    // A malformed token is a problem document, never an HTML page.
    const bad = await fetch(appUrl("/api/v1/threads"), { headers: { Authorization: "Bearer nope" } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("content-type")).toMatch(/^application\/problem\+json/);

    // Last used is shown; revoking stops the token at once.
    await s.page.goto(appUrl("/settings/tokens"));
    const row = s.page.locator("li[data-token-id]", { has: s.page.locator("[data-token-name]", { hasText: name }) });
    await expect(row.locator("[data-last-used]").textContent()).resolves.not.toMatch(/Aldrig/);
    await s.page.setViewportSize({ width: 390, height: 844 });
    await s.page.screenshot({ path: shot("api-tokens-phone.png"), fullPage: true });
    await s.page.setViewportSize({ width: 1280, height: 900 });
    await Promise.all([s.page.waitForURL(/done=revoked/), row.getByRole("button", { name: `Återkalla nyckeln ${name}` }).click()]);
    await expect(s.page.getByRole("status").textContent()).resolves.toMatch(/återkallad/);
    const after = await fetch(appUrl("/api/v1/threads"), { headers: auth });
    expect(after.status).toBe(401);
    expect((await after.json()).detail).toMatch(/återkallad|revoked/);
  });

  it("the docs page lists every operation with a curl example, in Swedish and English", async () => {
    const s = await browser.open();
    await s.page.goto(appUrl("/api/v1/docs"));
    await expect(s.page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("API-dokumentation");
    await expect(s.page.locator("section.api-op").count()).resolves.toBe(14);
    await expect(s.page.locator("pre.api-code").textContent()).resolves.toContain("curl -H \"Authorization: Bearer");
    await expectAccessible(s.page);
    await s.page.screenshot({ path: shot("api-docs-desktop.png") });
    const en = await browser.open({ locale: "en-GB", viewport: { width: 390, height: 844 } });
    await en.page.goto(appUrl("/api/v1/docs"));
    await expect(en.page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("API documentation");
    await en.page.screenshot({ path: shot("api-docs-phone.png") });
    const doc = await (await fetch(appUrl("/api/v1/openapi.json"))).json();
    expect(doc.openapi).toBe("3.1.0");
  });
});
