import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { register } from "tsx/esm/api";
import { createDb } from "../../db/client";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../db/embedded";
import { migrateToLatest } from "../../db/migrate";
import { createOrg, createUser, FACTORY_PASSWORD } from "../support/factories";
import { freePort, spawnApp, waitForStatus, type AppProcess } from "../support/app-process";

// Issue 19 item 11. Each test runs its OWN PostgreSQL (and app server), never the shared one of
// the global setup, because it kills them with -9.

const dirs: string[] = [];
const servers: EmbeddedServer[] = [];
const apps: AppProcess[] = [];
/** Running (a zombie, exited but not yet reaped by whoever adopted the orphan, counts as gone). */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};
async function untilGone(pid: number, ms = 10_000) {
  const until = Date.now() + ms;
  while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}
const newDataDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), "allm-crash-pg-"));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const a of apps) await a.stop();
  for (const s of servers) await s.stop().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("the app rides out a PostgreSQL crash", () => {
  it("kill -9 of the postmaster: the app stays up and answers 503, then 200 within 10 s of PostgreSQL's return", async () => {
    const dataDir = newDataDir();
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port, quiet: true });
    servers.push(first);
    const db = createDb(first.url, 2);
    register(); // the migrator imports the dated .ts migrations at run time
    await migrateToLatest(db, undefined, first.url);
    const org = await createOrg(db);
    const user = await createUser(db, { orgId: org.id });
    await db.destroy();

    const app = await spawnApp({ DATABASE_URL: first.url, SMTP_URL: "smtp://127.0.0.1:2", SEED: "never", HOST: "127.0.0.1" });
    apps.push(app);
    await waitForStatus(app, "/healthz", 60_000);
    const login = await fetch(`${app.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
      body: new URLSearchParams({ email: user.email, password: FACTORY_PASSWORD }),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
    expect(cookie).toMatch(/=./);
    for (const p of ["/", "/threads", "/settings"]) expect((await fetch(`${app.url}${p}`, { headers: { Cookie: cookie } })).status, p).toBe(200);

    process.kill(first.pid, "SIGKILL");
    expect(await untilGone(first.pid)).toBe(true);

    // Meanwhile: 503 with the calm, translated page, for signed-out and signed-in requests alike.
    await waitForStatus(app, "/", 10_000, 503);
    const page = await fetch(`${app.url}/threads`, { headers: { "Accept-Language": "sv-SE" } });
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toBe("5");
    expect(await page.text()).toContain("Allmänning är tillfälligt otillgänglig");
    const english = await fetch(`${app.url}/threads`, { headers: { "Accept-Language": "en-GB" } });
    expect(await english.text()).toContain("Allmänning is temporarily unavailable");
    expect((await fetch(`${app.url}/settings`, { headers: { Cookie: cookie } })).status).toBe(503);
    expect((await fetch(`${app.url}/threads?_data=root`, { headers: { Cookie: cookie } })).status).toBe(503);
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: "unavailable", database: "down" });
    // Several seconds without a database (pool, job worker and its LISTEN connection all fail).
    await new Promise((r) => setTimeout(r, 4000));
    expect(app.proc.exitCode, app.log()).toBeNull();
    expect(app.proc.signalCode).toBeNull();

    const second = await startEmbeddedPostgres({ dataDir, port, quiet: true });
    servers.push(second);
    const back = Date.now();
    await waitForStatus(app, "/", 10_000, 200);
    for (const p of ["/threads", "/healthz"]) await waitForStatus(app, p, 10_000 - (Date.now() - back), 200);
    const settings = await fetch(`${app.url}/settings`, { headers: { Cookie: cookie } });
    expect(settings.status, "the session outlived the outage").toBe(200);
    expect(Date.now() - back).toBeLessThan(10_000);
    expect(app.log()).not.toMatch(/unhandledRejection|uncaughtException/);
    if (process.env.CRASH_TEST_LOG) console.log(app.log());
  });
});

describe("a stale embedded PostgreSQL does not block the next start", () => {
  /** Starts an embedded PostgreSQL from a separate node process, like server.ts does. */
  async function startInChild(dataDir: string, port: number) {
    const code = `const { startEmbeddedPostgres } = await import(${JSON.stringify(path.resolve("db/embedded.ts"))});
      const s = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port}, quiet: true });
      console.log("READY " + s.pid); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const pid = await new Promise<number>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /READY (\d+)/.exec(out);
        if (m) {
          clearInterval(timer);
          resolve(Number(m[1]));
        } else if (child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(out));
        }
      }, 50);
    });
    return { child, postmaster: pid };
  }

  it("refuses while its owner lives; after the owner's kill -9 it stops the orphan cleanly and starts its own", async () => {
    const dataDir = newDataDir();
    const port = await freePort();
    const { child, postmaster } = await startInChild(dataDir, port);
    // A committed write before the crash must survive the takeover.
    const c = new pg.Client({ connectionString: `postgres://allmanning:allmanning@127.0.0.1:${port}/allmanning` });
    await c.connect();
    await c.query("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('vor dem Absturz')");
    await c.end();

    await expect(startEmbeddedPostgres({ dataDir, port, quiet: true })).rejects.toThrow(/belongs to another running Allmänning process/);
    expect(alive(postmaster)).toBe(true);

    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect(alive(postmaster), "the orphan outlives its owner").toBe(true);

    const again = await startEmbeddedPostgres({ dataDir, port, quiet: true });
    servers.push(again);
    expect(await untilGone(postmaster, 1000)).toBe(true);
    expect(again.pid).not.toBe(postmaster);
    const d = new pg.Client({ connectionString: again.url });
    await d.connect();
    expect((await d.query("SELECT v FROM kept")).rows).toEqual([{ v: "vor dem Absturz" }]);
    await d.end();
  });

  it("the app server started without DATABASE_URL and killed with -9 starts again on the same data", async () => {
    const dataDir = newDataDir();
    const env = { PG_DATA_DIR: dataDir, PG_PORT: String(await freePort()), DEMO_MODE: "1", HOST: "127.0.0.1", SEARCH_WORKER: "0", SEED: "never" };
    const first = await spawnApp(env);
    apps.push(first);
    await waitForStatus(first, "/healthz", 120_000);
    first.proc.kill("SIGKILL");
    await first.exited;

    const second = await spawnApp(env);
    apps.push(second);
    await waitForStatus(second, "/healthz", 60_000);
    expect(second.log()).toMatch(/left running .* by an earlier run .*stopping it cleanly/);
    expect((await fetch(`${second.url}/threads`)).status).toBe(200);
    await second.stop();
    expect(second.log()).toMatch(/stopped/);
  });
});
