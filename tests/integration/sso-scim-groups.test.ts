import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DB } from "../../db/client";
import { createScimToken } from "../../app/scim/tokens.server";
import { createProvider } from "../../app/sso/providers.server";
import { findProviderBySlug } from "../../app/sso/providers.repo.server";
import { provision } from "../../app/sso/provision.server";
import { providerSchema } from "../../app/sso/schemas";
import { appDatabase } from "../support/db";
import { createOrg, createUser, viewerFor } from "../support/factories";

// SCIM 2.0 /Groups over real HTTP against the production server, as Entra ID's group
// provisioning does it: create a group with members, filter by displayName, PATCH members in and
// out, rename, delete. A group named in the provider's role mapping (by name or object id)
// carries that role at once; unmapped groups change no role; the sign-in keeps the higher one.

let db: DB;
let token: string;
let otherToken: string;
let orgId: string;
const tag = randomBytes(3).toString("hex");
const domain = `grp-${tag}.se`;
const OBJECT_ID = `6f1c-${tag}-admins`;
const base = () => `${inject("appUrl")}/scim/v2`;
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

beforeAll(async () => {
  db = appDatabase();
  const org = await createOrg(db, { name: `Grupp kommun ${tag}`, slug: `grp-${tag}`, domains: [domain] });
  const other = await createOrg(db, { name: `Annan kommun ${tag}`, slug: `grp-other-${tag}`, domains: [`other-${domain}`] });
  orgId = org.id;
  const admin = await viewerFor(db, (await createUser(db, { orgId, role: "admin" })).id);
  const otherAdmin = await viewerFor(db, (await createUser(db, { orgId: other.id, role: "admin" })).id);
  const ctx = { db, viewer: admin, now: new Date() };
  ({ token } = await createScimToken(ctx, org.slug, "Entra"));
  ({ token: otherToken } = await createScimToken({ db, viewer: otherAdmin, now: new Date() }, other.slug, "Entra"));
  const r = await createProvider(ctx, providerSchema.parse({
    slug: `grp-${tag}`, orgSlug: org.slug, protocol: "oidc", displayName: "Grupp", enabled: "on", issuer: "https://login.microsoftonline.com/t/v2.0",
    clientId: "c", roleClaim: "roles", roleMap: `Allm-Ambassadorer = ambassador\n${OBJECT_ID} = admin`,
  }));
  expect(r.ok).toBe(true);
});
afterAll(async () => {
  await db.deleteFrom("identity_providers").where("slug", "=", `grp-${tag}`).execute();
  await db.destroy();
});

async function scim(method: string, path: string, body?: unknown, auth = token) {
  const res = await fetch(`${base()}${path}`, {
    method,
    headers: { Authorization: `Bearer ${auth}`, ...(body !== undefined ? { "Content-Type": "application/scim+json" } : {}) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type"), json: text ? JSON.parse(text) : null };
}
const person = async (name: string) => {
  const r = await scim("POST", "/Users", { schemas: [USER], externalId: `ext-${name}`, userName: `${name}@${domain}`, active: true, displayName: name, emails: [{ primary: true, value: `${name}@${domain}` }] });
  expect(r.status).toBe(201);
  return r.json.id as string;
};
const roleOf = async (userId: string) => (await db.selectFrom("memberships").select("role").where("user_id", "=", userId).where("org_id", "=", orgId).executeTakeFirst())?.role;
const auditFor = async (action: string) => db.selectFrom("audit_log").select(["target_id", "details", "actor_id"]).where("action", "=", action).where("org_id", "=", orgId).execute();

describe("SCIM Groups → organisation roles", () => {
  let kim: string, lo: string, ambassadors: string;

  it("creating a mapped group with members gives them its role at once; filter by displayName", async () => {
    kim = await person("kim");
    lo = await person("lo");
    const created = await scim("POST", "/Groups", { schemas: [GROUP], displayName: "Allm-Ambassadorer", externalId: `obj-amb-${tag}`, members: [{ value: kim }] });
    expect(created.status).toBe(201);
    expect(created.type).toContain("application/scim+json");
    expect(created.json).toMatchObject({ schemas: [GROUP], displayName: "Allm-Ambassadorer", members: [{ value: kim }], meta: { resourceType: "Group" } });
    ambassadors = created.json.id;
    expect(await roleOf(kim)).toBe("ambassador");
    expect(await roleOf(lo)).toBe("member");
    const found = await scim("GET", `/Groups?filter=${encodeURIComponent('displayName eq "Allm-Ambassadorer"')}&excludedAttributes=members`);
    expect(found.json).toMatchObject({ totalResults: 1, Resources: [{ id: ambassadors, displayName: "Allm-Ambassadorer" }] });
    expect(found.json.Resources[0].members).toBeUndefined();
    expect((await scim("GET", `/Groups?filter=${encodeURIComponent('displayName eq "Nobody"')}`)).json.totalResults).toBe(0);
    expect((await scim("GET", `/Groups/${ambassadors}`)).json.members).toEqual([{ value: kim, $ref: expect.stringMatching(new RegExp(`/scim/v2/Users/${kim}$`)) }]);
    const audit = await auditFor("scim.role_applied");
    expect(audit).toEqual([expect.objectContaining({ target_id: `${orgId}:${kim}`, actor_id: null, details: expect.objectContaining({ from: "member", to: "ambassador", via: "scim" }) })]);
    expect(await auditFor("scim.group_created")).toHaveLength(1);
  });

  it("PATCH adds and removes members the way Entra sends them; roles follow", async () => {
    const add = await scim("PATCH", `/Groups/${ambassadors}`, { schemas: [PATCH], Operations: [{ op: "Add", path: "members", value: [{ value: lo }] }] });
    expect(add.status).toBe(204);
    expect(await roleOf(lo)).toBe("ambassador");
    const remove = await scim("PATCH", `/Groups/${ambassadors}`, { schemas: [PATCH], Operations: [{ op: "Remove", path: `members[value eq "${kim}"]` }] });
    expect(remove.status).toBe(204);
    expect(await roleOf(kim)).toBe("member");
    expect(await roleOf(lo)).toBe("ambassador");
    expect((await scim("GET", `/Groups/${ambassadors}`)).json.members.map((m: { value: string }) => m.value)).toEqual([lo]);
  });

  it("a group mapped by its object id gives the higher role; deleting it falls back to the others", async () => {
    const admins = await scim("POST", "/Groups", { schemas: [GROUP], displayName: "IT-administratörer", externalId: OBJECT_ID, members: [{ value: lo }] });
    expect(admins.status).toBe(201);
    expect(await roleOf(lo)).toBe("admin");
    expect((await scim("DELETE", `/Groups/${admins.json.id}`)).status).toBe(204);
    expect(await roleOf(lo)).toBe("ambassador");
    expect((await scim("GET", `/Groups/${admins.json.id}`)).status).toBe(404);
    expect(await auditFor("scim.group_deleted")).toHaveLength(1);
  });

  it("an unmapped group changes no role (a role from the sign-in claims is left alone)", async () => {
    await db.updateTable("memberships").set({ role: "moderator" }).where("user_id", "=", kim).where("org_id", "=", orgId).execute();
    const all = await scim("POST", "/Groups", { schemas: [GROUP], displayName: "Alla anställda", members: [{ value: kim }, { value: lo }] });
    expect(all.status).toBe(201);
    await scim("PATCH", `/Groups/${all.json.id}`, { schemas: [PATCH], Operations: [{ op: "Remove", path: "members", value: [{ value: kim }] }] });
    expect(await roleOf(kim)).toBe("moderator");
    expect(await roleOf(lo)).toBe("ambassador");
  });

  it("renaming a mapped group away from the mapping takes its role away", async () => {
    const r = await scim("PATCH", `/Groups/${ambassadors}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "displayName", value: "Tidigare ambassadörer" }] });
    expect(r.status).toBe(204);
    expect(await roleOf(lo)).toBe("member");
    const back = await scim("PATCH", `/Groups/${ambassadors}`, { schemas: [PATCH], Operations: [{ op: "Replace", value: { displayName: "Allm-Ambassadorer" } }] });
    expect(back.status).toBe(204);
    expect(await roleOf(lo)).toBe("ambassador");
  });

  it("at sign-in the higher of the claims' role and the groups' role wins", async () => {
    const p = (await findProviderBySlug(db, `grp-${tag}`))!;
    const claims = { subject: `sub-lo-${tag}`, email: `lo@${domain}`, emailVerified: true, name: "Lo", tenantId: null, roleValues: [], raw: {} };
    expect(await provision({ db, viewer: null, now: new Date() }, p, claims)).toMatchObject({ ok: true, role: "ambassador" });
    expect(await provision({ db, viewer: null, now: new Date() }, p, { ...claims, roleValues: [OBJECT_ID] })).toMatchObject({ ok: true, role: "admin" });
    expect(await roleOf(lo)).toBe("admin");
  });

  it("a deactivated member of a mapped group gets the group's role back when reactivated", async () => {
    const off = await scim("PATCH", `/Users/${lo}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(off.status).toBe(200);
    expect(await roleOf(lo)).toBeUndefined();
    const on = await scim("PATCH", `/Users/${lo}`, { schemas: [PATCH], Operations: [{ op: "Replace", path: "active", value: "True" }] });
    expect(on.status).toBe(200);
    expect(await roleOf(lo)).toBe("ambassador");
  });

  it("bad input is a SCIM error, never a 500; another organisation's people and groups are out of reach", async () => {
    const cases: [string, string, unknown][] = [
      ["POST", "/Groups", "{not json"],
      ["POST", "/Groups", { schemas: [USER], displayName: "x" }],
      ["POST", "/Groups", { schemas: [GROUP] }],
      ["POST", "/Groups", { schemas: [GROUP], displayName: "Allm-Ambassadorer" }],
      ["POST", "/Groups", { schemas: [GROUP], displayName: "Med ogiltig medlem", members: [{ value: "../1" }] }],
      ["PATCH", `/Groups/${ambassadors}`, { schemas: [PATCH], Operations: [{ op: "Add", path: "members", value: "kim" }] }],
      ["PATCH", `/Groups/${ambassadors}`, { schemas: [PATCH], Operations: [{ op: "Jump", path: "members" }] }],
      ["GET", `/Groups?filter=${encodeURIComponent("displayName co \"x\"")}`, undefined],
      ["GET", "/Groups/not-an-id", undefined],
    ];
    for (const [method, path, body] of cases) {
      const r = await scim(method, path, body);
      expect(r.status, `${method} ${path} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.json.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
    }
    // Another organisation's token cannot see or change this group, nor add these people to its own.
    expect((await scim("GET", `/Groups/${ambassadors}`, undefined, otherToken)).status).toBe(404);
    expect((await scim("PATCH", `/Groups/${ambassadors}`, { schemas: [PATCH], Operations: [{ op: "Remove", path: "members" }] }, otherToken)).status).toBe(404);
    const stolen = await scim("POST", "/Groups", { schemas: [GROUP], displayName: "Allm-Ambassadorer", members: [{ value: lo }] }, otherToken);
    expect(stolen.status).toBe(400);
    expect(await roleOf(lo)).toBe("ambassador");
  });
});
