import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { freshDatabase } from "../support/db";
import { createOrg, createUser, FACTORY_PASSWORD } from "../support/factories";

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

const ctx = () => ({ db, viewer: null, now: new Date() });

describe("login limits: per (account, address) pair with progressive delay", () => {
  const waitRow = (email: string, ip: string) =>
    db.selectFrom("rate_limits").selectAll().where("key", "=", `login_pair_wait:${email.toLowerCase()}|${ip}`).executeTakeFirst();

  it("an attacker hammering one account from another address cannot lock its owner out", async () => {
    const { login } = await import("../../app/auth/login.server");
    const org = await createOrg(db);
    const victim = await createUser(db, { orgId: org.id });
    let refused = 0;
    // The clock stands still during the attack, so a slow machine can't let the 2 s wait run out
    // between attempts (which would let one more attempt be checked).
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    try {
      for (let i = 1; i <= 150; i++) {
        const r = await login(ctx(), { email: victim.email, password: `wrong-password-${i}` }, { ip: "203.0.113.66" });
        expect(r.ok).toBe(false);
        if (!r.ok && r.retryAfterMinutes) refused++;
      }
      // Five free failures, then the sixth starts a wait: the rest were refused unchecked.
      expect(refused).toBe(144);
      expect((await login(ctx(), { email: victim.email, password: FACTORY_PASSWORD }, { ip: "203.0.113.66" })).ok).toBe(false);
    } finally {
      vi.useRealTimers();
    }
    // The owner, on their own address, still gets in at once.
    expect((await login(ctx(), { email: victim.email, password: FACTORY_PASSWORD }, { ip: "198.51.100.10" })).ok).toBe(true);
  });

  it("doubles the wait for each further failure of the same pair (2 s, 4 s …), capped", async () => {
    const { login } = await import("../../app/auth/login.server");
    const org = await createOrg(db);
    const u = await createUser(db, { orgId: org.id });
    const limits = { loginPair: { points: 3, durationSeconds: 3600 }, loginMaxDelaySeconds: 5 };
    const ip = "192.0.2.44";
    const attempt = (password: string) => login(ctx(), { email: u.email, password }, { ip, limits });
    for (let i = 0; i < 3; i++) expect(await attempt("wrong-password-x")).toEqual({ ok: false });
    expect(await waitRow(u.email, ip)).toBeUndefined();
    expect(await attempt("wrong-password-x")).toEqual({ ok: false }); // 4th: starts a 2 s wait
    const first = await waitRow(u.email, ip);
    expect(Number(first!.expire) - Date.now()).toBeGreaterThan(1000);
    expect(Number(first!.expire) - Date.now()).toBeLessThanOrEqual(2000);
    // During the wait even the right password is refused, without being checked.
    const during = await attempt(FACTORY_PASSWORD);
    expect(during.ok === false && during.retryAfterMinutes).toBe(1);
    // Once the wait is over (as if 2 s had passed), the next failure waits 4 s, then the cap (5 s).
    await db.updateTable("rate_limits").set({ expire: String(Date.now() - 1) }).where("key", "=", `login_pair_wait:${u.email.toLowerCase()}|${ip}`).execute();
    expect(await attempt("wrong-password-x")).toEqual({ ok: false });
    const second = await waitRow(u.email, ip);
    expect(Number(second!.expire) - Date.now()).toBeGreaterThan(3000);
    expect(Number(second!.expire) - Date.now()).toBeLessThanOrEqual(4000);
    await db.updateTable("rate_limits").set({ expire: String(Date.now() - 1) }).where("key", "=", `login_pair_wait:${u.email.toLowerCase()}|${ip}`).execute();
    expect(await attempt("wrong-password-x")).toEqual({ ok: false });
    expect(Number((await waitRow(u.email, ip))!.expire) - Date.now()).toBeLessThanOrEqual(5000);
    await db.updateTable("rate_limits").set({ expire: String(Date.now() - 1) }).where("key", "=", `login_pair_wait:${u.email.toLowerCase()}|${ip}`).execute();
    expect((await attempt(FACTORY_PASSWORD)).ok).toBe(true);
  });

  it("counts unknown addresses exactly like wrong passwords (no enumeration through the limit)", async () => {
    const { login } = await import("../../app/auth/login.server");
    const org = await createOrg(db);
    const u = await createUser(db, { orgId: org.id });
    const limits = { loginPair: { points: 3, durationSeconds: 3600 } };
    const run = async (email: string) => {
      const out = [];
      for (let i = 0; i < 5; i++) out.push(await login(ctx(), { email, password: "whatever-password" }, { ip: "192.0.2.50", limits }));
      return out;
    };
    expect(await run("nobody@nowhere.se")).toEqual(await run(u.email));
  });

  it("limits failures per IP address across accounts", async () => {
    const { login } = await import("../../app/auth/login.server");
    const org = await createOrg(db);
    const u = await createUser(db, { orgId: org.id });
    const limits = { loginIp: { points: 5, durationSeconds: 3600 } };
    for (let i = 0; i < 5; i++) await login(ctx(), { email: `someone${i}@x.se`, password: "wrong-password-x" }, { ip: "192.0.2.7", limits });
    const blocked = await login(ctx(), { email: u.email, password: FACTORY_PASSWORD }, { ip: "192.0.2.7", limits });
    expect(blocked.ok).toBe(false);
    expect((await login(ctx(), { email: u.email, password: FACTORY_PASSWORD }, { ip: "192.0.2.8", limits })).ok).toBe(true);
  });

  it("answers through the route with the same status and body for unknown email and wrong password, 429 when limited", async () => {
    const { action } = await import("../../app/routes/login");
    const org = await createOrg(db);
    const u = await createUser(db, { orgId: org.id });
    const post = async (email: string, password: string) => {
      const body = new URLSearchParams({ email, password, redirectTo: "/" });
      const request = new Request("http://localhost/login", { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
      const res = (await action({ request, context: { viewer: null, sessionId: null, locale: "sv", nonce: "n", clientIp: "198.51.100.1" }, params: {} } as never)) as Response;
      return { status: res.status, body: await res.text() };
    };
    const unknown = await post("same@x.se", "wrong-password-1");
    const wrong = await post(u.email, "wrong-password-1");
    expect(unknown.status).toBe(400);
    expect(wrong.status).toBe(400);
    expect(wrong.body.replace(u.email, "E")).toBe(unknown.body.replace("same@x.se", "E"));
    const ok = await post(u.email, FACTORY_PASSWORD);
    expect(ok.status).toBe(302);
  });

  it("shows the translated limit message on the login page while the pair must wait", async () => {
    const { action } = await import("../../app/routes/login");
    const { createI18n } = await import("../../app/lib/i18n/i18n");
    const org = await createOrg(db);
    const u = await createUser(db, { orgId: org.id });
    // A long wait already recorded in PostgreSQL (as another app instance would have).
    await db.insertInto("rate_limits").values({ key: `login_pair_wait:${u.email.toLowerCase()}|198.51.100.9`, points: 2, expire: String(Date.now() + 3600_000) }).execute();
    const body = new URLSearchParams({ email: u.email, password: FACTORY_PASSWORD });
    const request = new Request("http://localhost/login", { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    const res = (await action({ request, context: { viewer: null, sessionId: null, locale: "sv", nonce: "n", clientIp: "198.51.100.9" }, params: {} } as never)) as Response;
    expect(res.status).toBe(429);
    const data = await res.json();
    expect(data.errors._form[0]).toMatchObject({ key: "account:login.rateLimited", params: { minutes: 60 } });
    expect(data.values.email).toBe(u.email);
    expect(createI18n("sv").t(data.errors._form[0].key, data.errors._form[0].params)).toBe(
      "För många misslyckade inloggningar. Vänta 60 minuter och försök igen, eller återställ lösenordet.",
    );
  });
});

describe("password policy", () => {
  it("accepts 12–128 characters without composition rules and refuses common passwords", async () => {
    const { newPasswordField, isCommonPassword } = await import("../../app/auth/password-policy.server");
    expect(newPasswordField.safeParse("kaffe och kanelbullar").success).toBe(true);
    expect(newPasswordField.safeParse("x".repeat(11)).success).toBe(false);
    expect(newPasswordField.safeParse("abcdefghijk").error?.issues[0].message).toBe("account:password.tooShort");
    expect(newPasswordField.safeParse("a".repeat(129)).error?.issues[0].message).toBe("account:password.tooLong");
    for (const p of ["password1234", "Lösenord1234", "qwertyuiop123", "123456789012", "Sommarsommar1", "aaaaaaaaaaaaaa", "abababababab"]) {
      expect(isCommonPassword(p), p).toBe(true);
      expect(newPasswordField.safeParse(p).error?.issues[0].message, p).toBe("account:password.common");
    }
    expect(isCommonPassword("allmanning-demo")).toBe(false);
    expect(newPasswordField.safeParse("").error?.issues.map((i) => i.message)).toEqual(["form.required"]);
  });
});
