import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DB } from "../../db/client";
import { createScimToken, revokeToken } from "../../app/scim/tokens.server";
import { appDatabase } from "../support/db";
import { createOrg, createUser, FACTORY_PASSWORD, viewerFor } from "../support/factories";

// SCIM 2.0 over real HTTP against the production server, doing what Entra ID's provisioning
// service does: probe with a filter, create, update, deactivate with PATCH active=false, delete.

let db: DB;
let token: string;
let orgId: string;
let adminViewer: Awaited<ReturnType<typeof viewerFor>>;
const tag = randomBytes(3).toString("hex");
const domain = `scim-${tag}.se`;
const base = () => `${inject("appUrl")}/scim/v2`;

beforeAll(async () => {
  db = appDatabase();
  const org = await createOrg(db, { name: `SCIM kommun ${tag}`, slug: `scim-${tag}`, domains: [domain] });
  orgId = org.id;
  adminViewer = await viewerFor(db, (await createUser(db, { orgId, role: "admin" })).id);
  ({ token } = await createScimToken({ db, viewer: adminViewer, now: new Date() }, org.slug, "Entra"));
});
afterAll(() => db.destroy());

async function scim(method: string, path: string, body?: unknown, auth = token) {
  const res = await fetch(`${base()}${path}`, {
    method,
    headers: { Authorization: `Bearer ${auth}`, ...(body !== undefined ? { "Content-Type": "application/scim+json" } : {}) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type"), json: text ? JSON.parse(text) : null };
}
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const entraUser = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
  externalId: `ext-${userName}`, userName, active: true, displayName: "Kim Karlsson",
  emails: [{ primary: true, type: "work", value: userName }], name: { formatted: "Kim Karlsson", familyName: "Karlsson", givenName: "Kim" },
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "IT" }, ...extra,
});

/** Signs in over HTTP with the password form and returns the session cookie. */
async function passwordSession(email: string): Promise<string> {
  // A non-browser client must send Origin itself (the CSRF guard refuses a write without one).
  const res = await fetch(`${inject("appUrl")}/login`, { method: "POST", redirect: "manual", body: new URLSearchParams({ email, password: FACTORY_PASSWORD }), headers: { Origin: inject("appUrl") } });
  expect(res.status).toBe(302);
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}
const signedInName = async (cookie: string) => {
  const html = await (await fetch(`${inject("appUrl")}/`, { headers: { cookie } })).text();
  return /class="who"[^>]*>([^<]+)</.exec(html)?.[1] ?? null;
};

describe("SCIM provisioning as Entra ID does it", () => {
  it("refuses requests without a valid token, with a SCIM error", async () => {
    const r = await scim("GET", "/Users", undefined, "scim_wrong-token-wrong-token-wrong-token-wrong");
    expect(r.status).toBe(401);
    expect(r.type).toContain("application/scim+json");
    expect(r.json.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
  });

  it("filter → create → filter finds it → PATCH name → GET", async () => {
    const userName = `kim@${domain}`;
    const probe = await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
    expect(probe.json).toMatchObject({ totalResults: 0, Resources: [] });
    const created = await scim("POST", "/Users", entraUser(userName));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ userName, active: true, externalId: `ext-${userName}`, displayName: "Kim Karlsson" });
    const again = await scim("POST", "/Users", entraUser(userName));
    expect(again.status).toBe(409);
    expect(again.json.scimType).toBe("uniqueness");
    const found = await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${userName.toUpperCase()}"`)}`);
    expect(found.json.totalResults).toBe(1);
    expect(found.json.Resources[0].id).toBe(created.json.id);
    const patched = await scim("PATCH", `/Users/${created.json.id}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "displayName", value: "Kim K. Karlsson" }, { op: "Add", path: "title", value: "Utvecklare" }] });
    expect(patched.status).toBe(200);
    expect(patched.json.displayName).toBe("Kim K. Karlsson");
    const member = await db.selectFrom("memberships").select("role").where("user_id", "=", created.json.id).where("org_id", "=", orgId).executeTakeFirst();
    expect(member).toEqual({ role: "member" });
  });

  it("PATCH active=False ends a live session on its next request and removes the membership; content stays", async () => {
    const person = await createUser(db, { orgId, email: `lisa@${domain}`, name: "Lisa Lind" });
    const post = await db.insertInto("audit_log").values({ actor_id: person.id, action: "test.marker", target_type: "x", target_id: "1", org_id: orgId }).returning("id").executeTakeFirstOrThrow();
    const cookie = await passwordSession(person.email);
    expect(await signedInName(cookie)).toBe("Lisa Lind");
    const linked = await scim("POST", "/Users", entraUser(person.email, { displayName: "Lisa Lind" }));
    expect(linked.status).toBe(201);
    expect(linked.json.id).toBe(person.id); // the existing account, not a duplicate
    const off = await scim("PATCH", `/Users/${person.id}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(off.status).toBe(200);
    expect(off.json.active).toBe(false);
    expect(await signedInName(cookie)).toBeNull();
    expect(await db.selectFrom("memberships").select("org_id").where("user_id", "=", person.id).execute()).toEqual([]);
    expect(await db.selectFrom("users").select("id").where("id", "=", person.id).executeTakeFirst()).toEqual({ id: person.id });
    expect(await db.selectFrom("audit_log").select("id").where("id", "=", post.id).executeTakeFirst()).toBeTruthy();
    // Password sign-in no longer works either.
    const res = await fetch(`${inject("appUrl")}/login`, { method: "POST", redirect: "manual", body: new URLSearchParams({ email: person.email, password: FACTORY_PASSWORD }), headers: { Origin: inject("appUrl") } });
    expect(res.status).toBe(400);
    // Re-activation (Entra: a no-value-path form) brings the membership back.
    const on = await scim("PATCH", `/Users/${person.id}`, { schemas: [PATCH], Operations: [{ op: "replace", value: { active: true } }] });
    expect(on.json.active).toBe(true);
    expect(await db.selectFrom("memberships").select("role").where("user_id", "=", person.id).where("org_id", "=", orgId).executeTakeFirst()).toEqual({ role: "member" });
    const actions = (await db.selectFrom("audit_log").select("action").where("target_id", "=", `${orgId}:${person.id}`).orderBy("id").execute()).map((a) => a.action);
    expect(actions).toEqual(["scim.user_linked", "scim.user_deactivated", "scim.user_reactivated"]);
  });

  it("DELETE deactivates; another organisation's people are invisible", async () => {
    const c = await scim("POST", "/Users", entraUser(`del@${domain}`));
    expect((await scim("DELETE", `/Users/${c.json.id}`)).status).toBe(204);
    expect((await scim("GET", `/Users/${c.json.id}`)).json.active).toBe(false);
    const stranger = await createUser(db, { email: `s-${tag}@test.se` });
    expect((await scim("GET", `/Users/${stranger.id}`)).status).toBe(404);
    expect((await scim("PATCH", `/Users/${stranger.id}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: false }] })).status).toBe(404);
  });

  it("malformed or wrong-schema bodies get SCIM 4xx errors, never a 500", async () => {
    const cases: [string, string, unknown][] = [
      ["POST", "/Users", "{not json"],
      ["POST", "/Users", "[]"],
      ["POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "x" }],
      ["POST", "/Users", { schemas: [USER] }],
      ["POST", "/Users", entraUser("someone@not-our-domain.se")],
      ["POST", "/Users", JSON.stringify({ schemas: [USER], userName: "x".repeat(70_000) })],
      ["PATCH", "/Users/1", { Operations: [] }],
      ["GET", `/Users?filter=${encodeURIComponent('name.givenName co "a"')}`, undefined],
      ["PUT", "/Users/abc", { schemas: [USER], userName: `a@${domain}` }],
    ];
    for (const [m, p, b] of cases) {
      const r = await scim(m, p, b);
      expect(r.status, `${m} ${p} ${String(JSON.stringify(b)).slice(0, 80)}`).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.json.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
    }
  });

  it("a revoked token stops working at once", async () => {
    const { token: t2 } = await createScimToken({ db, viewer: adminViewer, now: new Date() }, `scim-${tag}`, "temp");
    expect((await scim("GET", "/Users?count=1", undefined, t2)).status).toBe(200);
    const row = await db.selectFrom("scim_tokens").select("id").where("label", "=", "temp").where("org_id", "=", orgId).executeTakeFirstOrThrow();
    await revokeToken({ db, viewer: adminViewer, now: new Date() }, row.id);
    expect((await scim("GET", "/Users?count=1", undefined, t2)).status).toBe(401);
    const stored = await db.selectFrom("scim_tokens").select("token_hash").where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(t2.slice(5));
  });
});
