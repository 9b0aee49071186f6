import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { freshDatabase } from "../support/db";
import { createOrg, createUser, FACTORY_PASSWORD, viewerFor } from "../support/factories";

let db: DB;
let destroy: () => Promise<void>;
beforeAll(async () => {
  let url: string;
  ({ db, destroy, url } = await freshDatabase());
  process.env.DATABASE_URL = url; // lucia uses the process-wide database
});
afterAll(async () => {
  const { closeDb } = await import("../../db/client");
  await closeDb();
  await destroy();
});

const anon = (now = new Date()) => ({ db, viewer: null, now });
async function lastMail(to: string) {
  return db.selectFrom("dev_mailbox").selectAll().where("to_address", "=", to).orderBy("id", "desc").executeTakeFirstOrThrow();
}
const tokenIn = (text: string, path: string) => new RegExp(`${path}([A-Za-z0-9_-]{43})`).exec(text)![1];
async function viewerOf(setCookie: string) {
  const { readSession } = await import("../../app/auth/lucia.server");
  return (await readSession(setCookie.split(";")[0])).viewer;
}

describe("invitations", () => {
  it("invites by email: single-use link, only its hash stored, 7 days, accept creates the account and signs in", async () => {
    const { createInvitation, acceptInvitation, viewInvitation } = await import("../../app/orgs/invitations.server");
    const org = await createOrg(db, { name: "Ockelbo test" });
    const admin = await createUser(db, { orgId: org.id, role: "admin" });
    const ctx = { db, viewer: await viewerFor(db, admin.id), now: new Date() };
    const r = await createInvitation(ctx, org.slug, { email: "ny.person@example.se", role: "ambassador" }, "sv");
    expect(r.ok).toBe(true);
    const mail = await lastMail("ny.person@example.se");
    expect(mail.subject).toContain("Ockelbo test");
    const token = tokenIn(mail.text_body, "/invite/");
    const row = await db.selectFrom("invitations").selectAll().where("org_id", "=", org.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBeGreaterThan(6.9 * 86400_000);
    const audit = await db.selectFrom("audit_log").selectAll().where("action", "=", "invitation.created").where("org_id", "=", org.id).execute();
    expect(audit).toHaveLength(1);

    expect(await viewInvitation(anon(), token)).toMatchObject({ state: "valid", role: "ambassador", hasAccount: false });
    const accepted = await acceptInvitation(anon(), token, { name: "Ny Person", password: "en lång fras som duger", locale: "sv" });
    expect(accepted.ok).toBe(true);
    if (!accepted.ok) return;
    const viewer = await viewerOf(accepted.setCookie);
    expect(viewer?.name).toBe("Ny Person");
    expect(viewer?.memberships).toEqual([{ orgId: org.id, role: "ambassador" }]);
    expect(viewer?.primaryOrgId).toBe(org.id);
    // Single use: a used link says so (issue 16: "redan använd, logga in"), naming only the organisation.
    expect(await viewInvitation(anon(), token)).toEqual({ state: "used", orgName: org.name, orgSlug: org.slug });
    expect((await acceptInvitation(anon(), token, { name: "X", password: "en lång fras som duger", locale: "sv" })).ok).toBe(false);
  });

  it("adds a membership to an existing account after its password, and refuses expired or revoked links", async () => {
    const { createInvitation, acceptInvitation, revokeInvitation, viewInvitation } = await import("../../app/orgs/invitations.server");
    const orgA = await createOrg(db);
    const orgB = await createOrg(db);
    const admin = await createUser(db, { orgId: orgB.id, role: "admin" });
    const person = await createUser(db, { orgId: orgA.id });
    const ctx = { db, viewer: await viewerFor(db, admin.id), now: new Date() };
    await createInvitation(ctx, orgB.slug, { email: person.email.toUpperCase(), role: "moderator" }, "en");
    const token = tokenIn((await lastMail(person.email.toUpperCase())).text_body, "/invite/");
    expect(await viewInvitation(anon(), token)).toMatchObject({ state: "valid", hasAccount: true });
    const wrong = await acceptInvitation(anon(), token, { password: "not-the-password", locale: "en" });
    expect(wrong).toMatchObject({ ok: false, errors: { password: [{ key: "account:invite.wrongPassword" }] } });
    const ok = await acceptInvitation(anon(), token, { password: FACTORY_PASSWORD, locale: "en" });
    expect(ok.ok).toBe(true);
    expect((await viewerFor(db, person.id)).memberships).toEqual(expect.arrayContaining([{ orgId: orgA.id, role: "member" }, { orgId: orgB.id, role: "moderator" }]));

    // Expired: 8 days later.
    await createInvitation(ctx, orgB.slug, { email: "later@example.se", role: "member" }, "sv");
    const late = tokenIn((await lastMail("later@example.se")).text_body, "/invite/");
    expect(await viewInvitation(anon(new Date(Date.now() + 8 * 86400_000)), late)).toEqual({ state: "invalid" });
    // Revoked.
    const pending = await db.selectFrom("invitations").select("id").where("email", "=", "later@example.se").executeTakeFirstOrThrow();
    await revokeInvitation(ctx, orgB.slug, pending.id);
    expect(await viewInvitation(anon(), late)).toEqual({ state: "invalid" });
    // Already a member → field error.
    const again = await createInvitation(ctx, orgB.slug, { email: person.email, role: "member" }, "sv");
    expect(again).toMatchObject({ ok: false, errors: { email: [{ key: "orgs:errors.alreadyMember" }] } });
  });
});

describe("domain sign-up", () => {
  it("confirms by emailed link and makes the person a member of the domain's organisation", async () => {
    const { requestSignup, confirmSignup, signupTokenIsOpen } = await import("../../app/auth/signup.server");
    const org = await createOrg(db, { domains: ["signup-kommun.se"] });
    const r = await requestSignup(anon(), { email: "Greta.Ek@Signup-Kommun.se", name: "Greta Ek", password: "mitt eget långa lösen" }, { locale: "sv" });
    expect(r).toEqual({ ok: true });
    expect(await db.selectFrom("users").select("id").where("name", "=", "Greta Ek").execute()).toHaveLength(0);
    const mail = await lastMail("Greta.Ek@Signup-Kommun.se");
    const token = tokenIn(mail.text_body, "/signup/confirm\\?token=");
    expect(await signupTokenIsOpen(anon(), token)).toBe(true);
    const done = await confirmSignup(anon(), token);
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    const viewer = await viewerOf(done.setCookie);
    expect(viewer?.memberships).toEqual([{ orgId: org.id, role: "member" }]);
    expect(viewer?.handle).toBe("greta.ek");
    expect(await confirmSignup(anon(), token)).toEqual({ ok: false, reason: "invalid" });
    const audit = await db.selectFrom("audit_log").select("action").where("org_id", "=", org.id).execute();
    expect(audit.map((a) => a.action)).toContain("membership.joined_by_domain");
  });

  it("tells another domain to ask its own organisation without naming anyone, and answers an existing address like a new one", async () => {
    const { requestSignup } = await import("../../app/auth/signup.server");
    const org = await createOrg(db, { domains: ["known.se"] });
    await createUser(db, { orgId: org.id, networkRole: "admin", name: "Nätverks Admin", email: "nat.admin@known.se" });
    const r = await requestSignup(anon(), { email: "someone@gmail.com", name: "Some One", password: "mitt eget långa lösen" }, { locale: "sv" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.email[0].key).toBe("account:signup.unknownDomain");
    expect(JSON.stringify(r.errors)).not.toContain("nat.admin@known.se");
    expect(JSON.stringify(r.errors)).not.toContain("Nätverks Admin");
    const { createI18n } = await import("../../app/lib/i18n/i18n");
    for (const locale of ["sv", "en"] as const) {
      const text = createI18n(locale).t(r.errors.email[0].key, r.errors.email[0].params);
      expect(text).toContain("@gmail.com");
      expect(text).not.toMatch(/nat\.admin|Nätverks Admin|\{\{/);
    }
    const existing = await requestSignup(anon(), { email: "nat.admin@known.se", name: "X", password: "mitt eget långa lösen" }, { locale: "sv" });
    expect(existing).toEqual({ ok: true });
    expect((await lastMail("nat.admin@known.se")).subject).toContain("redan ett konto");
  });
});

describe("password reset", () => {
  it("mails a single-use link valid for an hour, sets the password and ends every session", async () => {
    const { requestReset, completeReset, resetTokenIsOpen } = await import("../../app/auth/reset.server");
    const { login } = await import("../../app/auth/login.server");
    const org = await createOrg(db);
    const u = await createUser(db, { orgId: org.id });
    const s1 = await login(anon(), { email: u.email, password: FACTORY_PASSWORD });
    expect(s1.ok).toBe(true);
    expect(await requestReset(anon(), u.email, { locale: "sv" })).toEqual({ ok: true });
    expect(await requestReset(anon(), "nobody@nowhere.se", { locale: "sv" })).toEqual({ ok: true });
    // One mail either way (no reset link for an address without an account), so timing cannot tell them apart.
    const unknownMail = await lastMail("nobody@nowhere.se");
    expect(unknownMail.subject).toBe("Återställning av lösenord på Allmänning");
    expect(unknownMail.text_body).not.toContain("/reset/");
    const token = tokenIn((await lastMail(u.email)).text_body, "/reset/");
    expect(await resetTokenIsOpen(anon(new Date(Date.now() + 61 * 60_000)), token)).toBe(false);
    expect(await resetTokenIsOpen(anon(), token)).toBe(true);
    const done = await completeReset(anon(), token, "ett helt nytt lösenord");
    expect(done.ok && done.setCookie).toBeTruthy();
    const sessions = await db.selectFrom("sessions").select("id").where("user_id", "=", u.id).execute();
    expect(sessions).toHaveLength(1); // only the new one
    expect(await completeReset(anon(), token, "ett annat nytt lösenord")).toEqual({ ok: false });
    expect((await login(anon(), { email: u.email, password: FACTORY_PASSWORD })).ok).toBe(false);
    expect((await login(anon(), { email: u.email, password: "ett helt nytt lösenord" })).ok).toBe(true);
  });

  it("limits reset requests per address", async () => {
    const { requestReset } = await import("../../app/auth/reset.server");
    const limits = { resetAccount: { points: 2, durationSeconds: 3600 } };
    expect((await requestReset(anon(), "limited@x.se", { locale: "sv", limits })).ok).toBe(true);
    expect((await requestReset(anon(), "limited@x.se", { locale: "sv", limits })).ok).toBe(true);
    expect(await requestReset(anon(), "limited@x.se", { locale: "sv", limits })).toMatchObject({ ok: false });
  });
});

describe("settings and sessions", () => {
  it("lists my sessions, ends one, ends all; changes the password ending the others", async () => {
    const { login } = await import("../../app/auth/login.server");
    const { listMySessions, endMySession, endAllMySessions, changePassword } = await import("../../app/auth/sessions.server");
    const { hashToken } = await import("../../app/auth/lucia.server");
    const org = await createOrg(db);
    const u = await createUser(db, { orgId: org.id });
    const cookies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await login(anon(), { email: u.email, password: FACTORY_PASSWORD }, { userAgent: `Browser ${i}` });
      if (r.ok) cookies.push(r.setCookie);
    }
    const current = hashToken(/=([^;]+)/.exec(cookies[0])![1]);
    const ctx = { db, viewer: await viewerFor(db, u.id), now: new Date() };
    const mine = await listMySessions(ctx, current);
    expect(mine).toHaveLength(3);
    expect(mine.filter((s) => s.current)).toHaveLength(1);
    await endMySession(ctx, mine.find((s) => !s.current)!.id);
    expect(await listMySessions(ctx, current)).toHaveLength(2);
    // Someone else's session id does nothing.
    const other = await createUser(db, { orgId: org.id });
    await login(anon(), { email: other.email, password: FACTORY_PASSWORD });
    const theirs = await db.selectFrom("sessions").select("id").where("user_id", "=", other.id).executeTakeFirstOrThrow();
    await endMySession(ctx, theirs.id);
    expect(await db.selectFrom("sessions").select("id").where("id", "=", theirs.id).execute()).toHaveLength(1);

    expect(await changePassword(ctx, { currentPassword: "wrong", newPassword: "ett nytt långt lösenord" }, current)).toMatchObject({ ok: false, errors: { currentPassword: [{ key: "account:settings.wrongPassword" }] } });
    expect(await changePassword(ctx, { currentPassword: FACTORY_PASSWORD, newPassword: "ett nytt långt lösenord" }, current)).toEqual({ ok: true });
    expect((await listMySessions(ctx, current)).map((s) => s.id)).toEqual([current]);
    await endAllMySessions(ctx);
    expect(await db.selectFrom("sessions").select("id").where("user_id", "=", u.id).execute()).toHaveLength(0);
  });

  it("updates name, title, language and primary organisation (only one of mine)", async () => {
    const { updateSettings, getSettings } = await import("../../app/orgs/people.server");
    const a = await createOrg(db);
    const b = await createOrg(db);
    const c = await createOrg(db);
    const u = await createUser(db, { memberships: [{ orgId: a.id, role: "member" }, { orgId: b.id, role: "ambassador" }] });
    const ctx = { db, viewer: await viewerFor(db, u.id), now: new Date() };
    expect(await updateSettings(ctx, { name: "Nytt Namn", title: "AI-ambassadör", locale: "en", primaryOrgId: b.id })).toEqual({ ok: true });
    expect(await getSettings(ctx)).toMatchObject({ name: "Nytt Namn", title: "AI-ambassadör", locale: "en", primaryOrgId: b.id });
    expect(await updateSettings(ctx, { name: "X", title: "", locale: null, primaryOrgId: c.id })).toMatchObject({ ok: false, errors: { primaryOrgId: [{ key: "account:settings.primaryOrgInvalid" }] } });
  });
});
