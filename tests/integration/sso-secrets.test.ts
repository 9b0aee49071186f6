import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { freshDatabase } from "../support/db";
import { createOrg, createUser, FACTORY_PASSWORD } from "../support/factories";
import { freePort, spawnApp, waitForStatus, type AppProcess } from "../support/app-process";
import { signInAtOp, startOp, type TestOp } from "../support/oidc-op";

// Item 5 of issue 13: every provider configuration change and every SCIM action is in the audit
// log, and provider secrets never appear in pages, logs or exports. A real production server
// (its own process, so its whole log can be read) is driven over HTTP like an admin and Entra's
// provisioning service would; then every page it served, its log and the audit rows are searched
// for the secrets.

let db: DB;
let destroy: () => Promise<void>;
let app: AppProcess;
let op: TestOp;
const SECRET_1 = `first-client-secret-${randomBytes(6).toString("hex")}`;
const SECRET_2 = `rotated-client-secret-${randomBytes(6).toString("hex")}`;
const TYPED = `typed-but-refused-${randomBytes(6).toString("hex")}`;
const served: { path: string; body: string }[] = [];
let cookie = "";
let scimToken = "";

async function get(path: string, auth = cookie) {
  const res = await fetch(`${app.url}${path}`, { redirect: "manual", headers: { cookie: auth } });
  const body = await res.text();
  served.push({ path, body });
  return { status: res.status, body, location: res.headers.get("location") };
}
async function post(path: string, form: Record<string, string>) {
  const res = await fetch(`${app.url}${path}`, {
    method: "POST", redirect: "manual", body: new URLSearchParams(form),
    headers: { cookie, Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
  });
  const body = await res.text();
  served.push({ path, body });
  return { status: res.status, body, location: res.headers.get("location") };
}
async function scim(method: string, path: string, body?: unknown) {
  const res = await fetch(`${app.url}/scim/v2${path}`, {
    method, headers: { Authorization: `Bearer ${scimToken}`, "Content-Type": "application/scim+json" }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  served.push({ path: `/scim/v2${path}`, body: text });
  return { status: res.status, json: text ? JSON.parse(text) : null };
}
const provider = (over: Record<string, string> = {}) => ({
  slug: "gavle", orgSlug: "gavle", protocol: "oidc", displayName: "Gävle kommun", enabled: "on", issuer: op.issuer,
  clientId: "allm-gavle", clientSecret: SECRET_1, roleClaim: "groups", roleMap: "g-amb = ambassador", tenants: "tid-gavle = gavle", ...over,
});

beforeAll(async () => {
  let url: string;
  ({ db, destroy, url } = await freshDatabase());
  const org = await createOrg(db, { name: "Gävle kommun", slug: "gavle", domains: ["gavle.se"] });
  await createUser(db, { orgId: org.id, role: "admin", networkRole: "admin", email: "it-admin@gavle.se" });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  op = await startOp({
    clients: [{ clientId: "allm-gavle", clientSecret: SECRET_2, redirectUris: [`${base}/auth/sso/gavle/callback`] }],
    accounts: [{ sub: "sanna", email: "sanna@gavle.se", email_verified: true, name: "Sanna", tid: "tid-gavle", groups: ["g-amb"] }],
  });
  app = await spawnApp({
    DATABASE_URL: url, PORT: String(port), HOST: "127.0.0.1", SMTP_URL: "smtp://127.0.0.1:2", SEARCH_WORKER: "0",
    SSO_SECRET_KEY: randomBytes(32).toString("base64"),
  });
  await waitForStatus(app, "/healthz", 60_000);
  const login = await fetch(`${app.url}/login`, {
    method: "POST", redirect: "manual", body: new URLSearchParams({ email: "it-admin@gavle.se", password: FACTORY_PASSWORD }),
    headers: { Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
  });
  expect(login.status).toBe(302);
  cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}, 90_000);
afterAll(async () => {
  await app?.stop();
  await op?.stop();
  const { closeDb } = await import("../../db/client");
  await closeDb();
  await destroy();
});

describe("provider secrets and the audit trail, end to end", () => {
  it("every configuration change and every SCIM action is audited, and no secret shows up anywhere", async () => {
    // Configuration: create, a refused save with a newly typed secret, a save that rotates it, require SSO.
    expect((await post("/admin/identity-providers", provider())).status).toBe(302);
    const refused = await post("/admin/identity-providers/gavle", provider({ clientSecret: TYPED, issuer: "ftp://nope" }));
    expect(refused.status).toBe(400);
    expect((await post("/admin/identity-providers/gavle", provider({ clientSecret: SECRET_2 }))).status).toBe(302);
    expect((await post("/admin/identity-providers/gavle", { intent: "requireSso", orgSlug: "gavle", requireSso: "on" })).status).toBe(200);
    // A SCIM token: shown once, in the answer to the admin who made it.
    const created = await post("/admin/identity-providers/gavle", { intent: "scimCreate", orgSlug: "gavle", label: "Entra" });
    scimToken = /class="secret-once">([^<]+)</.exec(created.body)?.[1] ?? "";
    expect(scimToken.length).toBeGreaterThan(30);
    served.pop(); // the one page that must show it

    // Sign-ins: a real one (the server sends SECRET_2 to the token endpoint), a test run, a refused callback.
    const start = await fetch(`${app.url}/auth/sso/gavle/start`, { redirect: "manual" });
    const stateCookie = start.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const back = await signInAtOp(start.headers.get("location")!, "sanna");
    const cb = await get(`${back.pathname}${back.search}`, stateCookie);
    expect(cb.status).toBe(302);
    const test = await fetch(`${app.url}/auth/sso/gavle/start?test=1`, { redirect: "manual", headers: { cookie } });
    const testCookie = [cookie, ...test.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
    const testBack = await signInAtOp(test.headers.get("location")!, "sanna");
    const claims = await get(`${testBack.pathname}${testBack.search}`, testCookie);
    expect(claims.status).toBe(200);
    expect(claims.body).toContain("sanna@gavle.se");
    expect((await get(`/auth/sso/gavle/callback?code=forged&state=${"x".repeat(30)}`, "")).status).toBe(400);

    // Entra's provisioning: create, filter, update, deactivate, and a malformed body.
    const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    const u = await scim("POST", "/Users", { schemas: [USER], externalId: "e-1", userName: "kim@gavle.se", active: true, displayName: "Kim", emails: [{ primary: true, value: "kim@gavle.se" }] });
    expect(u.status).toBe(201);
    expect((await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "kim@gavle.se"')}`)).json.totalResults).toBe(1);
    expect((await scim("PATCH", `/Users/${u.json.id}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "displayName", value: "Kim K" }] })).status).toBe(200);
    expect((await scim("PATCH", `/Users/${u.json.id}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "active", value: "False" }] })).status).toBe(200);
    expect((await scim("POST", "/Users", { schemas: ["urn:wrong"] })).status).toBe(400);

    const actions = (await db.selectFrom("audit_log").select("action").orderBy("id").execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining([
      "sso.provider_created", "sso.provider_updated", "sso.required_on", "scim.token_created",
      "sso.provisioned", "scim.user_created", "scim.user_updated", "scim.user_deactivated",
    ]));
    // Exactly one update was saved (the refused one changed nothing and is not in the log).
    expect(actions.filter((a) => a === "sso.provider_updated")).toHaveLength(1);

    // Every page an admin reads about this: provider list and page, audit log (all filters), exports.
    for (const p of ["/admin/identity-providers", "/admin/identity-providers/gavle", "/admin", "/mod/log", "/mod/log?action=sso.provider_updated", "/cases.csv", "/cases.json", "/auth/saml/gavle/metadata"]) {
      const r = await get(p);
      if (p.startsWith("/admin") || p.startsWith("/mod/log") || p.startsWith("/cases")) expect(r.status, p).toBe(200);
    }
    expect(app.log().length).toBeGreaterThan(0);
    const secrets = { SECRET_1, SECRET_2, TYPED, scimToken };
    const enc = (await db.selectFrom("identity_providers").select("client_secret_enc").executeTakeFirstOrThrow()).client_secret_enc!;
    const tokenHash = (await db.selectFrom("scim_tokens").select("token_hash").executeTakeFirstOrThrow()).token_hash;
    const audit = JSON.stringify(await db.selectFrom("audit_log").selectAll().execute());
    const places = [...served.map((s) => [`page ${s.path}`, s.body] as const), ["server log", app.log()] as const, ["audit_log rows", audit] as const];
    expect(served.length).toBeGreaterThan(15);
    for (const [where, text] of places) {
      for (const [name, value] of Object.entries({ ...secrets, enc, tokenHash })) {
        expect(text.includes(value), `${name} in ${where}`).toBe(false);
      }
    }
    // The secret really is stored (encrypted), so "absent" above is not because it was never there.
    expect(enc.length).toBeGreaterThan(SECRET_2.length);
  }, 60_000);
});
