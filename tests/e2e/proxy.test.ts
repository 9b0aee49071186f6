import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl } from "../support/browser";
import { createOrg, createUser, FACTORY_PASSWORD } from "../support/factories";
import { freePort } from "../support/global-setup";

// Behind a TLS-terminating proxy (TRUST_PROXY=1) the forwarded scheme, host and client address
// count; without TRUST_PROXY the same headers from a client change nothing. A second production
// server with TRUST_PROXY=1 runs on the e2e database next to the suite's own (TRUST_PROXY unset).
let db: DB;
let proxied: ChildProcess;
let proxiedUrl: string;
let user: { email: string };

beforeAll(async () => {
  db = appDatabase();
  const org = await createOrg(db);
  user = await createUser(db, { orgId: org.id });
  const port = await freePort();
  proxiedUrl = `http://127.0.0.1:${port}`;
  proxied = spawn(process.execPath, ["build/server.mjs"], {
    env: { ...process.env, DATABASE_URL: inject("appDbUrl"), PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", DEMO_MODE: "1", SEED: "never", TRUST_PROXY: "1", SEARCH_WORKER: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  proxied.stdout?.on("data", (d) => (log += d));
  proxied.stderr?.on("data", (d) => (log += d));
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${proxiedUrl}/healthz`)).ok) break;
    } catch { /* starting */ }
    if (proxied.exitCode !== null || i > 300) throw new Error(`TRUST_PROXY server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 90_000);
afterAll(async () => {
  if (proxied?.exitCode === null) {
    proxied.kill("SIGTERM");
    await new Promise((r) => proxied.once("exit", r));
  }
  await db.destroy();
});

const login = (base: string, headers: Record<string, string>, password = FACTORY_PASSWORD, email = user.email) =>
  fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ email, password }),
  });

/** Set-Cookie as name plus the set of lower-cased attributes (values kept for Path/SameSite). */
function cookieAttributes(setCookie: string | null) {
  const [nameValue, ...attrs] = (setCookie ?? "").split(/;\s*/);
  return { name: nameValue.split("=")[0], attrs: attrs.map((a) => a.toLowerCase()).filter((a) => !a.startsWith("expires=") && !a.startsWith("max-age=")).sort() };
}

describe("TRUST_PROXY=1 with X-Forwarded-Proto: https", () => {
  const forwarded = { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "forum.example", "X-Forwarded-For": "198.51.100.20" };

  it("accepts the forwarded https origin and sets a Secure, HttpOnly, SameSite=Lax, Path=/ __Host- cookie with no Domain", async () => {
    const res = await login(proxiedUrl, { ...forwarded, Origin: "https://forum.example" });
    expect(res.status).toBe(302);
    const c = cookieAttributes(res.headers.get("set-cookie"));
    expect(c.name).toBe("__Host-allm_session");
    expect(c.attrs).toEqual(["httponly", "path=/", "samesite=lax", "secure"]);
  });

  it("refuses the plain-http origin once the proxy says the request came over https", async () => {
    const res = await login(proxiedUrl, { ...forwarded, Origin: "http://forum.example" });
    expect(res.status).toBe(403);
  });

  it("counts failures per forwarded client address: an attacker's address waits, the owner's does not", async () => {
    const attacker = { ...forwarded, Origin: "https://forum.example", "X-Forwarded-For": "203.0.113.77" };
    for (let i = 0; i < 8; i++) expect([400, 429]).toContain((await login(proxiedUrl, attacker, `wrong-password-${i}`)).status);
    expect((await login(proxiedUrl, attacker)).status).toBe(429);
    expect((await login(proxiedUrl, { ...forwarded, Origin: "https://forum.example", "X-Forwarded-For": "198.51.100.21" })).status).toBe(302);
  });
});

describe("without TRUST_PROXY, forged forwarding headers are ignored", () => {
  const origin = () => new URL(appUrl()).origin;

  it("refuses an https Origin even with a forged X-Forwarded-Proto/Host", async () => {
    const forged = { "X-Forwarded-Proto": "https", "X-Forwarded-Host": new URL(appUrl()).host };
    expect((await login(origin(), { ...forged, Origin: origin().replace("http:", "https:") })).status).toBe(403);
    expect((await login(origin(), { "X-Forwarded-Host": "forum.example", Origin: "http://forum.example" })).status).toBe(403);
  });

  it("sets the same cookie attributes with or without a forged X-Forwarded-Proto", async () => {
    const plain = cookieAttributes((await login(origin(), { Origin: origin() })).headers.get("set-cookie"));
    const forged = cookieAttributes((await login(origin(), { Origin: origin(), "X-Forwarded-Proto": "https" })).headers.get("set-cookie"));
    expect(forged).toEqual(plain);
    expect(plain.attrs).toEqual(expect.arrayContaining(["httponly", "path=/", "samesite=lax"]));
  });

  it("does not take the client address from a forged X-Forwarded-For", async () => {
    const org = await createOrg(db);
    const victim = await createUser(db, { orgId: org.id });
    // Failures claiming many addresses are all counted against the real one (127.0.0.1) …
    for (let i = 0; i < 8; i++) await login(origin(), { Origin: origin(), "X-Forwarded-For": `203.0.113.${i + 1}` }, `wrong-password-${i}`, victim.email);
    // … so that pair now waits, whatever address the next request claims.
    expect((await login(origin(), { Origin: origin(), "X-Forwarded-For": "198.51.100.99" }, FACTORY_PASSWORD, victim.email)).status).toBe(429);
  });
});
