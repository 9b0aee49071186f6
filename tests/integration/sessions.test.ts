import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { freshDatabase } from "../support/db";
import { createOrg, createUser, FACTORY_PASSWORD } from "../support/factories";

let db: DB;
let destroy: () => Promise<void>;
let url: string;
beforeAll(async () => {
  ({ db, destroy, url } = await freshDatabase());
  // lucia's adapter uses the process-wide database.
  process.env.DATABASE_URL = url;
});
afterAll(async () => {
  const { closeDb } = await import("../../db/client");
  await closeDb();
  await destroy();
});

describe("sessions", () => {
  it("stores only the SHA-256 of the cookie token and resolves the viewer from it", async () => {
    const { login } = await import("../../app/auth/login.server");
    const { readSession } = await import("../../app/auth/lucia.server");
    const org = await createOrg(db);
    const user = await createUser(db, { orgId: org.id, role: "ambassador", email: "Karin@Test.se" });
    const result = await login({ db, viewer: null, now: new Date() }, { email: "karin@test.se", password: FACTORY_PASSWORD });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const token = /=([^;]+)/.exec(result.setCookie)![1];
    expect(token.length).toBeGreaterThanOrEqual(22); // ≥ 128 bits in base64url
    const rows = await db.selectFrom("sessions").selectAll().where("user_id", "=", user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].id).not.toContain(token);
    expect(rows[0].id).toMatch(/^[0-9a-f]{64}$/);
    const { viewer } = await readSession(result.setCookie.split(";")[0]);
    expect(viewer?.id).toBe(user.id);
    expect(viewer?.memberships).toEqual([{ orgId: org.id, role: "ambassador" }]);
    expect(JSON.stringify(viewer)).not.toContain("argon2");
  });

  it("answers an unknown email exactly like a wrong password", async () => {
    const { login } = await import("../../app/auth/login.server");
    const ctx = { db, viewer: null, now: new Date() };
    expect(await login(ctx, { email: "nobody@test.se", password: "whatever-password" })).toEqual({ ok: false });
    const org = await createOrg(db);
    const u = await createUser(db, { orgId: org.id });
    expect(await login(ctx, { email: u.email, password: "wrong-password-123" })).toEqual({ ok: false });
  });

  it("gives deactivated people and people without memberships no viewer", async () => {
    const { login } = await import("../../app/auth/login.server");
    const { readSession } = await import("../../app/auth/lucia.server");
    const org = await createOrg(db);
    const u = await createUser(db, { orgId: org.id });
    const r = await login({ db, viewer: null, now: new Date() }, { email: u.email, password: FACTORY_PASSWORD });
    if (!r.ok) throw new Error("login failed");
    const cookie = r.setCookie.split(";")[0];
    expect((await readSession(cookie)).viewer).not.toBeNull();
    await db.deleteFrom("memberships").where("user_id", "=", u.id).execute();
    expect((await readSession(cookie)).viewer).toBeNull();
    expect(await db.selectFrom("sessions").select("id").where("user_id", "=", u.id).execute()).toHaveLength(0);
  });
});
