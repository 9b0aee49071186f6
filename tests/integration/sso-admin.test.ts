import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import type { Viewer } from "../../app/policy";
import { decryptSecret } from "../../app/sso/secrets.server";
import { freshDatabase } from "../support/db";
import { createOrg, createUser, FACTORY_PASSWORD, viewerFor } from "../support/factories";

// Provider configuration through the admin routes: who may, secrets never shown or logged,
// audit entries, bad input; and "require SSO" on the password sign-in and reset forms.

let db: DB;
let destroy: () => Promise<void>;
let v: { network: Viewer; gavleAdmin: Viewer; otherAdmin: Viewer; member: Viewer };
const SECRET = "very-secret-client-secret-42";

beforeAll(async () => {
  let url: string;
  ({ db, destroy, url } = await freshDatabase());
  process.env.DATABASE_URL = url;
  const gavle = await createOrg(db, { name: "Gävle kommun", slug: "gavle", domains: ["gavle.se"] });
  const other = await createOrg(db, { name: "Ovanåkers kommun", slug: "ovanaker", domains: ["ovanaker.se"] });
  v = {
    network: await viewerFor(db, (await createUser(db, { orgId: other.id, networkRole: "admin" })).id),
    gavleAdmin: await viewerFor(db, (await createUser(db, { orgId: gavle.id, role: "admin" })).id),
    otherAdmin: await viewerFor(db, (await createUser(db, { orgId: other.id, role: "admin" })).id),
    member: await viewerFor(db, (await createUser(db, { orgId: gavle.id, email: "member@gavle.se" })).id),
  };
});
afterAll(async () => {
  const { closeDb } = await import("../../db/client");
  await closeDb();
  await destroy();
});

async function call(route: string, viewer: Viewer | null, method: "GET" | "POST", body: Record<string, string> = {}, params: Record<string, string> = {}, query = "") {
  const mod = await import(`../../app/routes/${route}.tsx`);
  const request = new Request(`http://localhost/x${query}`, method === "POST" ? { method, body: new URLSearchParams(body), headers: { "Content-Type": "application/x-www-form-urlencoded" } } : {});
  const context = { viewer, sessionId: null, locale: "sv", nonce: "n", clientIp: "10.0.0.9" };
  try {
    const res = (await (method === "POST" ? mod.action : mod.loader)({ request, params, context })) as Response;
    const text = await res.text();
    return { status: res.status, text, location: res.headers.get("location"), data: res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, text: await e.text(), location: e.headers.get("location"), data: null };
    throw e;
  }
}

const provider = (over: Record<string, string> = {}) => ({
  slug: "gavle", orgSlug: "gavle", protocol: "oidc", displayName: "Gävle kommun", enabled: "on", issuer: "https://login.microsoftonline.com/tenant-g/v2.0",
  clientId: "client-g", clientSecret: SECRET, roleClaim: "roles", roleMap: "Allm.Admin = admin\nAllm.Ambassador = ambassador", tenants: "tenant-g = gavle", ...over,
});

describe("identity-provider administration", () => {
  it("an organisation admin may not configure another organisation; a member sees nothing", async () => {
    const r = await call("admin.identity-providers._index", v.otherAdmin, "POST", provider());
    expect(r.status).toBe(400);
    expect(r.data.errors.orgSlug[0].key).toBe("sso:errors.orgNotYours");
    expect(r.text).not.toContain(SECRET);
    expect((await call("admin.identity-providers._index", v.member, "GET")).status).toBe(404);
  });

  it("the organisation's admin creates it; the secret is stored encrypted and never rendered or audited", async () => {
    const r = await call("admin.identity-providers._index", v.gavleAdmin, "POST", provider());
    expect(r.status).toBe(302);
    expect(r.location).toBe("/admin/identity-providers/gavle");
    const row = await db.selectFrom("identity_providers").selectAll().where("slug", "=", "gavle").executeTakeFirstOrThrow();
    expect(row.client_secret_enc).not.toContain(SECRET);
    expect(decryptSecret(row.client_secret_enc!)).toBe(SECRET);
    const page = await call("admin.identity-providers.$slug", v.gavleAdmin, "GET", {}, { slug: "gavle" });
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(SECRET);
    expect(page.text).not.toContain(row.client_secret_enc!);
    expect(page.data.provider.hasSecret).toBe(true);
    const audit = await db.selectFrom("audit_log").selectAll().where("action", "like", "sso.%").execute();
    expect(audit.map((a) => a.action)).toEqual(["sso.provider_created"]);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
    expect(JSON.stringify(audit)).not.toContain(row.client_secret_enc!);
  });

  it("another organisation's admin gets 404 for it; the network admin sees it", async () => {
    expect((await call("admin.identity-providers.$slug", v.otherAdmin, "GET", {}, { slug: "gavle" })).status).toBe(404);
    expect((await call("admin.identity-providers.$slug", v.network, "GET", {}, { slug: "gavle" })).status).toBe(200);
  });

  it("saving with an empty secret keeps it; bad input is a 400 with field errors, values kept, secret not echoed", async () => {
    const ok = await call("admin.identity-providers.$slug", v.gavleAdmin, "POST", provider({ clientSecret: "", displayName: "Gävle kommun (Entra)" }), { slug: "gavle" });
    expect(ok.status).toBe(302);
    const row = await db.selectFrom("identity_providers").select(["client_secret_enc", "display_name"]).where("slug", "=", "gavle").executeTakeFirstOrThrow();
    expect(decryptSecret(row.client_secret_enc!)).toBe(SECRET);
    expect(row.display_name).toBe("Gävle kommun (Entra)");
    const bad = await call("admin.identity-providers.$slug", v.gavleAdmin, "POST", provider({ issuer: "ftp://x", roleMap: "nonsense line", tenants: "x = no-such-org", clientSecret: "typed-secret-9" }), { slug: "gavle" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.data.errors).sort()).toEqual(["issuer", "roleMap"]);
    expect(bad.data.values.displayName).toBe("Gävle kommun");
    expect(bad.text).not.toContain("typed-secret-9");
    for (const body of [{}, { intent: "scimRevoke", tokenId: "../1" }, { intent: "requireSso" }, { protocol: "saml", slug: "Bad Slug" }]) {
      const r = await call("admin.identity-providers.$slug", v.gavleAdmin, "POST", body as Record<string, string>, { slug: "gavle" });
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
  });

  it("the test button starts a test sign-in only for someone who manages the provider", async () => {
    // The issuer is unreachable here; what matters is who may start it.
    expect((await call("auth.sso.$provider.start", v.member, "GET", {}, { provider: "gavle" }, "?test=1")).status).toBe(404);
  });
});

describe("require SSO", () => {
  it("refuses password sign-in and reset for the organisation's addresses, naming the right button", async () => {
    const on = await call("admin.identity-providers.$slug", v.gavleAdmin, "POST", { intent: "requireSso", orgSlug: "gavle", requireSso: "on" }, { slug: "gavle" });
    expect(on.status).toBe(200);
    const login = await call("login", null, "POST", { email: "member@gavle.se", password: FACTORY_PASSWORD });
    expect(login.status).toBe(400);
    expect(login.data.errors._form[0]).toEqual({ key: "sso:login.required", params: { org: "Gävle kommun" } });
    expect(login.data.values.email).toBe("member@gavle.se");
    // Same answer for an address without an account: nothing about existence leaks.
    const nobody = await call("login", null, "POST", { email: "nobody@gavle.se", password: "whatever-123" });
    expect(nobody.data.errors).toEqual(login.data.errors);
    const reset = await call("reset", null, "POST", { email: "member@gavle.se" });
    expect(reset.status).toBe(400);
    expect(reset.data.errors._form[0].key).toBe("sso:login.resetRequired");
    expect(await db.selectFrom("email_tokens").select("email").execute()).toEqual([]);
    // Other organisations sign in with passwords as before.
    const ovanaker = await createUser(db, { orgId: (await db.selectFrom("organisations").select("id").where("slug", "=", "ovanaker").executeTakeFirstOrThrow()).id, email: "p@ovanaker.se" });
    expect((await call("login", null, "POST", { email: ovanaker.email, password: FACTORY_PASSWORD })).status).toBe(302);
    const audit = await db.selectFrom("audit_log").select("action").where("action", "=", "sso.required_on").execute();
    expect(audit).toHaveLength(1);
  });

  it("a reset link mailed before require SSO was switched on stops working once it is on", async () => {
    const ctx = { db, viewer: v.gavleAdmin, now: new Date() };
    const { setRequireSso } = await import("../../app/sso/providers.server");
    await setRequireSso(ctx, "gavle", false);
    const requested = await call("reset", null, "POST", { email: "member@gavle.se" });
    expect(requested.status).toBe(200);
    const mail = await db.selectFrom("dev_mailbox").select("text_body").where("to_address", "=", "member@gavle.se").orderBy("id", "desc").executeTakeFirstOrThrow();
    const token = /\/reset\/([A-Za-z0-9_-]{43})/.exec(mail.text_body)![1];
    expect((await call("reset_.$token", null, "GET", {}, { token })).status).toBe(200); // open while SSO is optional
    await setRequireSso(ctx, "gavle", true);
    const before = await db.selectFrom("users").select("password_hash").where("email", "=", "member@gavle.se").executeTakeFirstOrThrow();
    const page = await call("reset_.$token", null, "GET", {}, { token });
    expect(page.status).toBe(403);
    expect(page.data).toMatchObject({ open: false, ssoOrg: "Gävle kommun" });
    const post = await call("reset_.$token", null, "POST", { password: "a-brand-new-password-77" }, { token });
    expect(post.status).toBe(403);
    expect(post.data.ssoOrg).toBe("Gävle kommun");
    expect(post.location).toBeNull();
    const after = await db.selectFrom("users").select("password_hash").where("email", "=", "member@gavle.se").executeTakeFirstOrThrow();
    expect(after.password_hash).toBe(before.password_hash);
  });

  it("home-realm discovery: an address with no password is sent to its provider (and the page shows the buttons)", async () => {
    const noJs = await call("login", null, "POST", { email: "anyone@gavle.se", password: "" });
    expect(noJs.data).toMatchObject({ ok: true, continueTo: "/auth/sso/gavle/start", org: "Gävle kommun" });
    const js = await call("login", null, "POST", { email: "anyone@gavle.se", password: "", redirectTo: "/threads" }, {}, "?_data=routes%2Flogin");
    expect(js.location).toBe("/auth/sso/gavle/start?redirectTo=%2Fthreads");
    const other = await call("login", null, "POST", { email: "anyone@ovanaker.se", password: "" });
    expect(other.status).toBe(400);
    const page = await call("login", null, "GET");
    expect(page.data.ssoButtons).toEqual([{ slug: "gavle", orgName: "Gävle kommun" }]);
  });
});
