import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { seed } from "../../db/seed";
import { DEMO_PASSWORD, emailOf, PEOPLE } from "../../db/seed/steps/02-people";
import { demoBindCheck, isLoopbackHost, loadEnv } from "../../app/lib/env.server";
import { freshDatabase } from "../support/db";
import { freePort, spawnApp, waitForStatus, type AppProcess } from "../support/app-process";

// Issue 19 item 1: the default set-up must not hand out accounts. Each start here is a real
// server process (server.ts on the production build) with its own database.

const SMTP = "smtp://127.0.0.1:2"; // never contacted: these tests send no mail
const karin = emailOf(PEOPLE.find((p) => p.handle === "karin.lindqvist")!);

async function signIn(app: AppProcess, email: string, password: string) {
  const r = await fetch(`${app.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = (r.headers.get("set-cookie") ?? "").split(";")[0];
  return { status: r.status, cookie: /=./.test(cookie) ? cookie : null };
}

describe("configuration", () => {
  it("demo mode is on only when DEMO_MODE says so, never because DATABASE_URL is missing", () => {
    expect(loadEnv({}).DEMO_MODE).toBe(false);
    expect(loadEnv({ NODE_ENV: "production" }).DEMO_MODE).toBe(false);
    expect(loadEnv({ DEMO_MODE: "1" }).DEMO_MODE).toBe(true);
    expect(loadEnv({ DEMO_MODE: "0" }).DEMO_MODE).toBe(false);
  });

  it("demo mode refuses a non-loopback address unless forced, with a warning", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ["0.0.0.0", "::", "192.168.1.4", "10.0.0.1", "example.se", "128.0.0.1"]) expect(isLoopbackHost(h), h).toBe(false);
    expect(demoBindCheck({ DEMO_MODE: true, DEMO_ALLOW_PUBLIC: false, HOST: "127.0.0.1" })).toEqual([]);
    expect(demoBindCheck({ DEMO_MODE: false, DEMO_ALLOW_PUBLIC: false, HOST: "0.0.0.0" })).toEqual([]);
    expect(() => demoBindCheck({ DEMO_MODE: true, DEMO_ALLOW_PUBLIC: false, HOST: "0.0.0.0" })).toThrow(/Refusing to start.*0\.0\.0\.0/);
    expect(demoBindCheck({ DEMO_MODE: true, DEMO_ALLOW_PUBLIC: true, HOST: "0.0.0.0" }).join("\n")).toMatch(/WARNING: DEMO MODE IS LISTENING ON 0\.0\.0\.0/);
  });
});

describe("server starts", () => {
  let db: DB;
  let url: string;
  let destroy: () => Promise<void>;
  const apps: AppProcess[] = [];
  const dirs: string[] = [];
  beforeAll(async () => {
    ({ db, url, destroy } = await freshDatabase());
    await seed(db, { demo: true }); // as an earlier demo start would have left it
  });
  afterAll(async () => {
    for (const a of apps) await a.stop();
    await destroy();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const start = async (env: Record<string, string>, args: string[] = []) => {
    const app = await spawnApp(env, args);
    apps.push(app);
    return app;
  };

  it("demo mode on 0.0.0.0 refuses to start; DEMO_ALLOW_PUBLIC=1 starts with a loud warning", async () => {
    const refused = await start({ DATABASE_URL: url, DEMO_MODE: "1", HOST: "0.0.0.0", SEED: "never" });
    expect(await refused.exited).toBe(1);
    expect(refused.log()).toMatch(/Refusing to start: demo mode \(DEMO_MODE=1\) would listen on HOST=0\.0\.0\.0/);
    expect(refused.log()).not.toMatch(/is running at/);

    const forced = await start({ DATABASE_URL: url, DEMO_MODE: "1", HOST: "0.0.0.0", DEMO_ALLOW_PUBLIC: "1", SEED: "never" });
    await waitForStatus(forced, "/healthz", 60_000);
    expect(forced.log()).toMatch(/WARNING: DEMO MODE IS LISTENING ON 0\.0\.0\.0/);
    await forced.stop();
  });

  it("without DEMO_MODE, a database seeded in demo mode loses the demo passwords and the mailbox is gone", async () => {
    const app = await start({ DATABASE_URL: url, SMTP_URL: SMTP, HOST: "127.0.0.1" });
    await waitForStatus(app, "/healthz", 60_000);
    expect(app.log()).toMatch(/removed the demo password \(and sessions\) from 32 seeded accounts/);
    expect((await signIn(app, karin, DEMO_PASSWORD)).cookie).toBeNull();
    const rows = await db.selectFrom("users").select("password_hash").where("email", "in", PEOPLE.map(emailOf)).execute();
    expect(rows.length).toBe(PEOPLE.length);
    expect(rows.every((r) => r.password_hash === null)).toBe(true);
    expect((await fetch(`${app.url}/dev/mailbox`, { redirect: "manual" })).status).toBe(404);
    expect(await (await fetch(`${app.url}/`)).text()).not.toContain('href="/dev/mailbox"');
    await app.stop();
  });

  it("production without DATABASE_URL: embedded PostgreSQL said plainly, no demo mode; npm start's --local-demo turns it on", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "allm-safe-pg-"));
    dirs.push(dir);
    const pgDir = dir; // PostgreSQL runs as another user: its folder must be the one it is given
    const env = { PG_DATA_DIR: pgDir, PG_PORT: String(await freePort()), HOST: "127.0.0.1", SEARCH_WORKER: "0" };
    const prod = await start({ ...env, SMTP_URL: SMTP });
    await waitForStatus(prod, "/healthz", 90_000);
    expect(prod.log()).toContain(`No DATABASE_URL: using an embedded PostgreSQL in ${pgDir}`);
    expect(prod.log()).toMatch(/It is not for production .*set DATABASE_URL/);
    expect((await fetch(`${prod.url}/dev/mailbox`, { redirect: "manual" })).status).toBe(404);
    // Seeded outside demo mode: no account opens with the demo password.
    expect((await signIn(prod, karin, DEMO_PASSWORD)).cookie).toBeNull();
    await prod.stop();

    const demo = await start(env, ["--local-demo"]);
    await waitForStatus(demo, "/healthz", 60_000);
    expect(demo.log()).toMatch(/Demo mode on for the local demo/);
    expect(demo.log()).not.toMatch(/not for production/);
    // Demo mode: the mailbox exists, but only behind sign-in, and is not linked for signed-out visitors.
    const r = await fetch(`${demo.url}/dev/mailbox`, { redirect: "manual" });
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe("/login?redirectTo=%2Fdev%2Fmailbox");
    expect(await (await fetch(`${demo.url}/`)).text()).not.toContain('href="/dev/mailbox"');
    await demo.stop();
  });
});
