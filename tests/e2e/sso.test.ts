import { randomBytes } from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { encryptSecret } from "../../app/sso/secrets.server";
import { appDatabase } from "../support/db";
import { createOrg } from "../support/factories";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";
import { createUser, FACTORY_PASSWORD } from "../support/factories";
import { b64, newIdpKey, requestIdOf, responseXml, signAssertion } from "../support/saml-idp";
import { startOp, type TestOp } from "../support/oidc-op";

// The journey: "Logga in med Gävle kommun" → the provider's own login page → back, signed in
// as a Gävle member with the role the groups claim maps to. In Swedish and in English.

const browser = useBrowser();
let db: DB;
let op: TestOp;
const slug = `gavle-${randomBytes(3).toString("hex")}`;
let orgId: string;

beforeAll(async () => {
  db = appDatabase();
  const org = await createOrg(db, { name: "Gävle kommun", slug, domains: [`${slug}.se`] });
  orgId = org.id;
  op = await startOp({
    clients: [{ clientId: "allm-e2e", clientSecret: "e2e-secret", redirectUris: [appUrl(`/auth/sso/${slug}/callback`)], postLogoutRedirectUris: [appUrl("/")] }],
    accounts: [
      { sub: "sv-person", email: `greta@${slug}.se`, email_verified: true, name: "Greta Gävle", tid: "tid-gavle", groups: ["g-ambassadors"] },
      { sub: "en-person", email: `erik@${slug}.se`, email_verified: true, name: "Erik Gävle", tid: "tid-gavle", groups: ["g-moderators"] },
    ],
  });
  const p = await db
    .insertInto("identity_providers")
    .values({
      slug, org_id: orgId, protocol: "oidc", display_name: "Gävle kommun", issuer: op.issuer, client_id: "allm-e2e",
      client_secret_enc: encryptSecret("e2e-secret"), role_claim: "groups",
      role_map: JSON.stringify({ "g-ambassadors": "ambassador", "g-moderators": "moderator" }) as never,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("identity_provider_tenants").values({ provider_id: p.id, tenant_id: "tid-gavle", org_id: orgId }).execute();
});
afterAll(async () => {
  await db.deleteFrom("identity_providers").where("slug", "in", [slug, `${slug}-saml`]).execute();
  await op?.stop();
  await db.destroy();
});

const roleOf = async (email: string) =>
  (await db.selectFrom("memberships as m").innerJoin("users as u", "u.id", "m.user_id").select("m.role").where("u.email", "=", email).where("m.org_id", "=", orgId).executeTakeFirst())?.role;

describe("sign in with the organisation's identity provider", () => {
  for (const c of [
    { locale: "sv-SE", button: "Logga in med Gävle kommun", login: "sv-person", email: `greta@${slug}.se`, name: "Greta Gävle", role: "ambassador" },
    { locale: "en-GB", button: "Sign in with Gävle kommun", login: "en-person", email: `erik@${slug}.se`, name: "Erik Gävle", role: "moderator" },
  ]) {
    it(`${c.locale}: button → provider login page → back signed in with the mapped role`, async () => {
      const { page, context } = await browser.open({ locale: c.locale });
      // The provider's development login page links a web font; this machine is offline.
      await context.route((u) => u.hostname !== "127.0.0.1", (r) => r.fulfill({ status: 200, contentType: "text/css", body: "" }));
      await page.goto(appUrl("/login"));
      await expectAccessible(page);
      await Promise.all([page.waitForURL((u) => u.origin === op.issuer), page.getByRole("link", { name: c.button }).click()]);
      // The provider's own login page.
      await page.fill("input[name=login]", c.login);
      await page.fill("input[name=password]", "whatever");
      await page.click("button[type=submit]");
      await page.waitForSelector("input[name=prompt][value=consent]", { state: "attached" });
      await Promise.all([page.waitForURL((u) => u.origin !== op.issuer), page.click("button[type=submit]")]);
      expect(new URL(page.url()).pathname).toBe("/");
      await expect.poll(() => page.locator(".who").textContent()).toBe(c.name);
      expect(await roleOf(c.email)).toBe(c.role);
      await expectAccessible(page);
    });
  }

  it("without JavaScript: typing an address at the organisation's domain goes to its provider", async () => {
    const { page, context } = await browser.open({ javaScript: false });
    await context.route((u) => u.hostname !== "127.0.0.1", (r) => r.fulfill({ status: 200, contentType: "text/css", body: "" }));
    await page.goto(appUrl("/login"));
    await page.fill("input[name=email]", `someone@${slug}.se`);
    await Promise.all([page.waitForURL((u) => u.origin === op.issuer), page.click("form.stack button[type=submit]")]);
    expect(await page.locator("input[name=login]").count()).toBe(1);
  });

  it("a refused callback shows a clear, translated page and no session", async () => {
    const { page, context } = await browser.open({ locale: "en-GB" });
    const res = await page.goto(appUrl(`/auth/sso/${slug}/callback?code=x&state=forged-state-value-1234567`));
    expect(res?.status()).toBe(400);
    await expect.poll(() => page.locator("[role=alert]").textContent()).toContain("expired or was already used");
    expect((await context.cookies()).some((k) => k.name.includes("allm_session") && k.value)).toBe(false);
  });
});

describe("SAML: test this connection, in the browser", () => {
  it("the admin's test run goes to the IdP, which posts back cross-site; the provider page shows the attributes", async () => {
    const key = newIdpKey("E2E IdP");
    // The IdP, on another site (localhost, not 127.0.0.1): its page answers the AuthnRequest with
    // a signed response and posts it to our ACS, cross-site, as a real IdP's page does.
    const idp = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", IDP);
      const xml = responseXml({
        idpEntityId: IDP, acs: appUrl(`/auth/saml/${samlSlug}/acs`), audience: appUrl(`/auth/saml/${samlSlug}/metadata`), inResponseTo: requestIdOf(url.href),
        nameId: `tove@${slug}.se`, attributes: { email: [`tove@${slug}.se`], displayName: ["Tove Test"], groups: ["g-ambassadors"] },
      });
      const relay = url.searchParams.get("RelayState") ?? "";
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.end(`<!doctype html><html lang="sv"><title>IdP</title><form method="post" action="${appUrl(`/auth/saml/${samlSlug}/acs`)}">`
        + `<input type="hidden" name="SAMLResponse" value="${b64(signAssertion(xml, key))}"><input type="hidden" name="RelayState" value="${relay}"></form>`
        + `<script>document.forms[0].submit()</script></html>`);
    });
    await new Promise<void>((r) => idp.listen(0, "127.0.0.1", r));
    const IDP = `http://localhost:${(idp.address() as { port: number }).port}`;
    const samlSlug = `${slug}-saml`;
    // Disabled: a test run works before the provider is switched on (and adds no login button).
    await db.insertInto("identity_providers").values({
      slug: samlSlug, org_id: orgId, protocol: "saml", display_name: "Gävle kommun (SAML)", enabled: false, saml_entity_id: IDP,
      saml_sso_url: `${IDP}/sso`, saml_cert: key.cert, role_claim: "groups",
    }).execute();
    const admin = await createUser(db, { orgId, role: "admin", email: `it@${slug}.se` });
    const { page } = await browser.open();
    await signIn(page, admin.email, FACTORY_PASSWORD);
    await page.goto(appUrl(`/admin/identity-providers/${samlSlug}`));
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/admin/identity-providers/${samlSlug}` && u.searchParams.has("test")),
      page.getByRole("link", { name: "Testa anslutningen" }).click(),
    ]);
    const result = page.locator("#test-result");
    await expect.poll(() => result.locator("[role=status]").textContent()).toContain("Anslutningen fungerar");
    expect(await result.locator("pre").textContent()).toContain(`tove@${slug}.se`);
    expect(await result.locator("pre").textContent()).toContain("g-ambassadors");
    await expectAccessible(page);
    // Nobody was signed in or created by the test run, and the result is shown once.
    expect(await db.selectFrom("users").select("id").where("email", "=", `tove@${slug}.se`).executeTakeFirst()).toBeUndefined();
    await page.reload();
    await expect.poll(() => page.locator("#test-result [role=alert]").textContent()).toContain("redan visats");
    idp.closeAllConnections();
    await new Promise((r) => idp.close(r));
  });
});
