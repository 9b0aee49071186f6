import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { freshDatabase } from "../support/db";
import { createOrg, createUser, FACTORY_PASSWORD, viewerFor } from "../support/factories";

let db: DB;
let destroy: () => Promise<void>;
beforeAll(async () => {
  let url: string;
  ({ db, destroy, url } = await freshDatabase());
  process.env.DATABASE_URL = url;
});
afterAll(async () => {
  const { closeDb } = await import("../../db/client");
  await closeDb();
  await destroy();
});

const anon = () => ({ db, viewer: null, now: new Date() });
const as = async (userId: string) => ({ db, viewer: await viewerFor(db, userId), now: new Date() });
const auditOf = (action: string, targetId?: string) => {
  let q = db.selectFrom("audit_log").selectAll().where("action", "=", action);
  if (targetId) q = q.where("target_id", "=", targetId);
  return q.execute();
};
async function signedIn(email: string) {
  const { login } = await import("../../app/auth/login.server");
  const r = await login(anon(), { email, password: FACTORY_PASSWORD });
  if (!r.ok) throw new Error("login failed");
  return r.setCookie.split(";")[0];
}

describe("organisation admin", () => {
  it("changes roles (audited) and never leaves an organisation without an admin", async () => {
    const { changeRole, getOrgAdmin } = await import("../../app/orgs/members.server");
    const org = await createOrg(db);
    const admin = await createUser(db, { orgId: org.id, role: "admin" });
    const m = await createUser(db, { orgId: org.id, role: "member" });
    const ctx = await as(admin.id);
    expect(await changeRole(ctx, org.slug, m.id, "moderator")).toEqual({ ok: true });
    expect((await viewerFor(db, m.id)).memberships[0].role).toBe("moderator");
    const [entry] = await auditOf("membership.role_changed", `${org.id}:${m.id}`);
    expect(entry).toMatchObject({ actor_id: admin.id, org_id: org.id, details: { from: "member", to: "moderator" } });
    expect(await changeRole(ctx, org.slug, admin.id, "member")).toMatchObject({ ok: false, errors: { role: [{ key: "orgs:errors.lastAdmin" }] } });
    const view = await getOrgAdmin(ctx, org.slug);
    expect(view.members.map((x) => x.id).sort()).toEqual([admin.id, m.id].sort());
  });

  it("removing someone's last membership ends their sessions in the same transaction", async () => {
    const { removeMember } = await import("../../app/orgs/members.server");
    const { readSession } = await import("../../app/auth/lucia.server");
    const a = await createOrg(db);
    const b = await createOrg(db);
    const admin = await createUser(db, { orgId: a.id, role: "admin" });
    const two = await createUser(db, { memberships: [{ orgId: a.id, role: "member" }, { orgId: b.id, role: "member" }] });
    const one = await createUser(db, { orgId: a.id, role: "member" });
    const cookieTwo = await signedIn(two.email);
    const cookieOne = await signedIn(one.email);
    const ctx = await as(admin.id);

    expect(await removeMember(ctx, a.slug, two.id)).toEqual({ ok: true });
    expect((await readSession(cookieTwo)).viewer?.memberships).toEqual([{ orgId: b.id, role: "member" }]);
    expect((await db.selectFrom("users").select("primary_org_id").where("id", "=", two.id).executeTakeFirstOrThrow()).primary_org_id).toBe(b.id);

    expect(await removeMember(ctx, a.slug, one.id)).toEqual({ ok: true });
    expect(await db.selectFrom("sessions").select("id").where("user_id", "=", one.id).execute()).toHaveLength(0);
    expect((await readSession(cookieOne)).viewer).toBeNull();
    const [entry] = await auditOf("membership.removed", `${a.id}:${one.id}`);
    expect(entry.details).toMatchObject({ lastMembership: true });
  });

  it("answers 404 to people who may not manage the organisation", async () => {
    const { removeMember, getOrgAdmin } = await import("../../app/orgs/members.server");
    const a = await createOrg(db);
    const mod = await createUser(db, { orgId: a.id, role: "moderator" });
    const m = await createUser(db, { orgId: a.id, role: "member" });
    await expect(getOrgAdmin(await as(mod.id), a.slug)).rejects.toMatchObject({ status: 404 });
    await expect(removeMember(await as(mod.id), a.slug, m.id)).rejects.toMatchObject({ status: 404 });
    await expect(getOrgAdmin(anon(), "no-such-org")).rejects.toMatchObject({ status: 404 });
  });
});

describe("network admin", () => {
  it("creates and edits organisations and their domains (audited), refusing taken slugs and domains", async () => {
    const { createOrganisation, updateOrganisation, getOrgProfile } = await import("../../app/orgs/orgs.server");
    const home = await createOrg(db);
    const na = await createUser(db, { orgId: home.id, networkRole: "admin" });
    const ctx = await as(na.id);
    const created = await createOrganisation(ctx, { slug: "nya-myndigheten", name: "Nya myndigheten", kind: "agency", emailDomains: ["nya.se", "nya-myndigheten.se"], description: "Ny" });
    expect(created).toEqual({ ok: true, slug: "nya-myndigheten" });
    const profile = await getOrgProfile(anon(), "nya-myndigheten");
    expect(profile).toMatchObject({ name: "Nya myndigheten", kind: "agency", domains: ["nya.se", "nya-myndigheten.se"], members: null });
    expect(await auditOf("org.created", profile.id)).toHaveLength(1);
    expect(await createOrganisation(ctx, { slug: "nya-myndigheten", name: "X", kind: "agency", emailDomains: [], description: "" })).toMatchObject({ ok: false, errors: { slug: [{ key: "orgs:errors.slugTaken" }] } });
    expect(await createOrganisation(ctx, { slug: "annan", name: "X", kind: "agency", emailDomains: ["nya.se"], description: "" })).toMatchObject({ ok: false, errors: { domains: [{ key: "orgs:errors.domainTaken" }] } });
    expect(await updateOrganisation(ctx, profile.id, { slug: "nya", name: "Nya myndigheten", kind: "agency", emailDomains: ["nya.se"], description: "Ändrad" })).toEqual({ ok: true, slug: "nya" });
    expect((await getOrgProfile(anon(), "nya")).description).toBe("Ändrad");
    expect(await auditOf("org.updated", profile.id)).toHaveLength(1);
  });

  it("grants network roles and deactivates people, ending their sessions at once (audited)", async () => {
    const { setNetworkRole, setDeactivated, listPeople } = await import("../../app/orgs/people.server");
    const { readSession } = await import("../../app/auth/lucia.server");
    const home = await createOrg(db);
    const na = await createUser(db, { orgId: home.id, networkRole: "admin" });
    const p = await createUser(db, { orgId: home.id, name: "Petra Deaktiveras" });
    const ctx = await as(na.id);
    expect(await setNetworkRole(ctx, p.id, "moderator")).toEqual({ ok: true });
    expect((await viewerFor(db, p.id)).networkRole).toBe("moderator");
    expect(await auditOf("user.network_role_changed", p.id)).toHaveLength(1);
    expect(await setNetworkRole(ctx, na.id, null)).toMatchObject({ ok: false, errors: { networkRole: [{ key: "orgs:errors.ownAdminRole" }] } });

    const cookie = await signedIn(p.email);
    expect((await readSession(cookie)).viewer).not.toBeNull();
    expect(await setDeactivated(ctx, p.id, true)).toEqual({ ok: true });
    expect(await db.selectFrom("sessions").select("id").where("user_id", "=", p.id).execute()).toHaveLength(0);
    expect((await readSession(cookie)).viewer).toBeNull();
    expect(await auditOf("user.deactivated", p.id)).toHaveLength(1);
    expect((await listPeople(ctx, "deaktiveras"))[0]).toMatchObject({ id: p.id, deactivated: true });
    expect(await setDeactivated(ctx, na.id, true)).toMatchObject({ ok: false });
    expect(await setDeactivated(ctx, p.id, false)).toEqual({ ok: true });
  });
});

describe("profiles", () => {
  it("shows member lists and people to signed-in members only; deactivated people only to the network admin", async () => {
    const { getOrgProfile } = await import("../../app/orgs/orgs.server");
    const { getPersonProfile } = await import("../../app/orgs/people.server");
    const a = await createOrg(db);
    const b = await createOrg(db);
    const m = await createUser(db, { memberships: [{ orgId: a.id, role: "ambassador" }, { orgId: b.id, role: "member" }] });
    await db.updateTable("users").set({ primary_org_id: b.id }).where("id", "=", m.id).execute();
    const other = await createUser(db, { orgId: b.id });
    const gone = await createUser(db, { orgId: a.id, deactivated: true });
    const na = await createUser(db, { orgId: b.id, networkRole: "admin" });
    expect((await getOrgProfile(anon(), a.slug)).members).toBeNull();
    expect((await getOrgProfile(await as(other.id), a.slug)).members?.map((x) => x.id)).toEqual([m.id]);
    const handle = (await viewerFor(db, m.id)).handle;
    await expect(getPersonProfile(anon(), handle)).rejects.toMatchObject({ status: 404 });
    const profile = await getPersonProfile(await as(other.id), handle);
    expect(profile.primaryOrg?.name).toBe(b.name);
    expect(profile.memberships[0].slug).toBe(b.slug);
    const goneHandle = (await viewerFor(db, gone.id)).handle;
    await expect(getPersonProfile(await as(other.id), goneHandle)).rejects.toMatchObject({ status: 404 });
    expect((await getPersonProfile(await as(na.id), goneHandle)).deactivated).toBe(true);
  });
});
