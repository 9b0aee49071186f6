import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, signIn, useBrowser } from "../support/browser";
import { createOrg, createUser, FACTORY_PASSWORD } from "../support/factories";

// CSRF against the production server: every route with an action refuses a write whose Origin
// is not exactly the app's, and a real page on another origin (same site: 127.0.0.1 on another
// port, so the SameSite=Lax cookie *is* sent) cannot change anything with the victim's session.
const browser = useBrowser();
let db: DB;
import { CROSS_SITE_POST_PATHS } from "../../app/lib/security.server";
const app = () => new URL(appUrl()).origin;
const CSRF_TEXT = "Cross-site request refused";

/** Every route module that exports an action, as a URL (route params filled with placeholders). */
function actionRoutes(): string[] {
  const dir = new URL("../../app/routes/", import.meta.url);
  return readdirSync(dir)
    .filter((f) => /export (async function|const|function) action\b/.test(readFileSync(new URL(f, dir), "utf8")))
    .map((f) => {
      const segs = f.replace(/\.tsx?$/, "").replace(/\[\.\]/g, "\u0000").split(".");
      const path = segs
        .filter((s) => s !== "_index")
        .map((s) => s.replace(/_$/, "").replace(/\u0000/g, ".").replace(/^\$$/, "anything").replace(/^\$.*/, "1"))
        .join("/");
      return `/${path}`;
    })
    // Exempt by design (app/lib/security.server.ts): the SAML ACS and bearer-token SCIM, which
    // never read the session cookie; their own tests cover their proof (signature, token).
    .filter((p) => !CROSS_SITE_POST_PATHS.test(p));
}

async function cookieOf(email: string): Promise<string> {
  const res = await fetch(appUrl("/login"), {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app() },
    body: new URLSearchParams({ email, password: FACTORY_PASSWORD }),
  });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
  expect(cookie).toContain("=");
  return cookie;
}

const ATTACKS: Record<string, (o: string) => Record<string, string>> = {
  "no Origin": () => ({}),
  "Referer only": (o) => ({ Referer: `${o}/settings` }),
  "foreign Origin": () => ({ Origin: "http://evil.example" }),
  "same host, other port": (o) => ({ Origin: o.replace(/:(\d+)$/, (_, p) => `:${Number(p) + 1}`) }),
  "https Origin on http": (o) => ({ Origin: o.replace(/^http:/, "https:") }),
  "Origin null": () => ({ Origin: "null" }),
  "right Origin, Sec-Fetch-Site same-site": (o) => ({ Origin: o, "Sec-Fetch-Site": "same-site" }),
  "lookalike Origin": (o) => ({ Origin: `${o}.evil.example` }),
};

let email: string;
let userId: string;
beforeAll(async () => {
  db = appDatabase();
  const org = await createOrg(db);
  const u = await createUser(db, { orgId: org.id, name: "Csrf Offer" });
  email = u.email;
  userId = u.id;
});
afterAll(async () => {
  await db.destroy();
});

const nameOf = async () => (await db.selectFrom("users").select("name").where("id", "=", userId).executeTakeFirstOrThrow()).name;

describe("CSRF gate on every action route", () => {
  it("refuses every write without exactly the app's Origin with 403 before the action runs", async () => {
    const routes = actionRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const cookie = await cookieOf(email);
    const results: string[] = [];
    let refused = 0;
    for (const route of routes) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        for (const [name, headers] of Object.entries(ATTACKS)) {
          const res = await fetch(appUrl(route), {
            method,
            redirect: "manual",
            headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", ...headers(app()) },
            body: "intent=profile&name=Csrf+Hacked&title=&locale=&primaryOrgId=1",
          });
          const body = await res.text();
          if (res.status === 403 && body.includes(CSRF_TEXT)) refused++;
          else results.push(`${method} ${route} (${name}): ${res.status}`);
        }
      }
      // Control: the same request with the right Origin passes the gate.
      const ok = await fetch(appUrl(route), {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: app() },
        body: "x=1",
      });
      expect(await ok.text(), `POST ${route} with the app's Origin`).not.toContain(CSRF_TEXT);
    }
    expect(results).toEqual([]);
    expect(refused).toBe(routes.length * 4 * Object.keys(ATTACKS).length);
    console.log(`CSRF gate: ${routes.length} action routes × 4 methods × ${Object.keys(ATTACKS).length} forged origins = ${refused} refused with 403`);
    expect(await nameOf()).toBe("Csrf Offer");
  });
});

describe("a real cross-origin page in Chromium", () => {
  let evil: http.Server;
  let evilOrigin: string;
  beforeAll(async () => {
    const target = appUrl("/settings");
    const page = (auto: string) => `<!doctype html><html><head><title>Evil</title></head><body>
      <form id="f" method="post" action="${target}">
        <input name="intent" value="profile"><input name="name" value="Csrf Hacked ${auto}">
        <input name="title" value=""><input name="locale" value=""><input name="primaryOrgId" value="0">
      </form>
      <script>
        window.fetchResult = fetch(${JSON.stringify(target)}, { method: "POST", mode: "no-cors", credentials: "include",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: "intent=profile&name=Csrf+Hacked+fetch&title=&locale=&primaryOrgId=0" }).then(() => "sent", (e) => "error " + e);
        ${auto === "form" ? 'window.fetchResult.then(() => document.getElementById("f").submit());' : ""}
      </script></body></html>`;
    evil = http.createServer((req, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(page(req.url?.includes("form") ? "form" : "fetch"));
    });
    await new Promise<void>((r) => evil.listen(0, "127.0.0.1", () => r()));
    evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => evil.close(r));
  });

  it("cannot change the signed-in victim's profile by an auto-submitted form or a fetch", async () => {
    const { page, context } = await browser.open();
    await signIn(page, email, FACTORY_PASSWORD);
    const primaryOrgId = (await db.selectFrom("users").select("primary_org_id").where("id", "=", userId).executeTakeFirstOrThrow()).primary_org_id!;
    // The session cookie is one the browser would send to the app from the evil page (same site).
    const cookies = await context.cookies(appUrl());
    expect(cookies.some((c) => c.name.endsWith("allm_session"))).toBe(true);

    const statuses: number[] = [];
    page.on("response", (r) => r.url().startsWith(appUrl("/settings")) && r.request().method() === "POST" && statuses.push(r.status()));
    await page.goto(`${evilOrigin}/fetch`);
    expect(await page.evaluate(() => (window as unknown as { fetchResult: Promise<string> }).fetchResult)).toBe("sent");
    await Promise.all([page.waitForURL(appUrl("/settings")), page.goto(`${evilOrigin}/form`)]);
    expect(await page.textContent("body")).toContain(CSRF_TEXT);
    expect(statuses).toEqual([403, 403, 403]);
    expect(await nameOf()).toBe("Csrf Offer");

    // Control: the same write from the app's own page goes through, so the check above can fail.
    const ok = await page.evaluate(async ({ orgId }) => {
      const r = await fetch("/settings", { method: "POST", body: new URLSearchParams({ intent: "profile", name: "Csrf Offer Own", title: "", locale: "", primaryOrgId: orgId }) });
      return r.status;
    }, { orgId: String(primaryOrgId) });
    expect(ok).toBe(200);
    expect(await nameOf()).toBe("Csrf Offer Own");
    await db.updateTable("users").set({ name: "Csrf Offer" }).where("id", "=", userId).execute();
  });
});
