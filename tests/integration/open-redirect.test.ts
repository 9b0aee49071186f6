import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { freshDatabase } from "../support/db";
import { createOrg, createUser, FACTORY_PASSWORD } from "../support/factories";
import { signInCookies, startAppServer, type AppServer } from "../support/xss";

// Open redirects through the real routes of the production server: every route that takes a
// redirect target from the request (login's query and form, the language switch, moderation
// actions, flags, the moderator's edit page, and the sign-in detours of signed-out posts) is given
// targets that a browser would read as another host. Every Location must stay on the app's
// origin, read the way a browser reads it (WHATWG URL, which is what Chromium uses).
const EVIL = [
  "//evil.example", "/\\evil.example", "https://evil.example", "/%2F%2Fevil.example", "\\\\evil.example", "/\t/evil.example",
  "javascript:alert(1)", "http:evil.example", "///evil.example", "/..//evil.example", "/.//evil.example", "/%5Cevil.example",
  " //evil.example", "/\n/evil.example", "/\r\n/evil.example", "%2F%2Fevil.example", "/\u0000/evil.example", "https:/\\evil.example",
  "//evil.example@app", "/@evil.example", "data:text/html,<script>alert(1)</script>", "evil.example",
];

let db: DB;
let destroy: () => Promise<void>;
let app: AppServer;
let origin = "";
let admin = { email: "", cookie: "" };
let member = { id: "", email: "", cookie: "" };
let threadId = "";
let checked = 0;

beforeAll(async () => {
  let url: string;
  ({ db, url, destroy } = await freshDatabase());
  const org = await createOrg(db, { name: "Omdirigeringskommun" });
  const a = await createUser(db, { orgId: org.id, role: "admin", networkRole: "admin" });
  const m = await createUser(db, { orgId: org.id, role: "member" });
  const now = new Date();
  threadId = (await db.insertInto("threads").values({
    kind: "discussion", title: "Omdirigering", slug: "omdirigering", body_md: "Text.", body_html: "<p>Text.</p>", renderer_version: 1,
    org_id: org.id, visibility: "public", author_id: m.id, created_at: now, updated_at: now, last_activity_at: now,
  }).returning("id").executeTakeFirstOrThrow()).id;
  app = await startAppServer(url);
  origin = new URL(app.base).origin;
  const cookie = async (email: string) => (await signInCookies(app.base, email, FACTORY_PASSWORD)).map((c) => `${c.name}=${c.value}`).join("; ");
  admin = { email: a.email, cookie: await cookie(a.email) };
  member = { id: m.id, email: m.email, cookie: await cookie(m.email) };
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await destroy?.();
});

/** The request, without following redirects; a POST carries the app's Origin (the CSRF rule). */
async function send(method: "GET" | "POST", path: string, o: { cookie?: string; form?: Record<string, string> } = {}) {
  return fetch(app.base + path, {
    method,
    redirect: "manual",
    headers: {
      ...(o.cookie ? { cookie: o.cookie } : {}),
      ...(method === "POST" ? { origin, "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    body: o.form ? new URLSearchParams(o.form) : undefined,
  });
}

/** A redirect whose target, read like a browser reads Location, is on the app's origin. */
function expectOnSite(res: Response, what: string) {
  expect(res.status, `${what}: status`).toBeGreaterThanOrEqual(300);
  expect(res.status, `${what}: status`).toBeLessThan(400);
  const loc = res.headers.get("location") ?? "";
  expect(loc, `${what}: a Location`).not.toBe("");
  expect(new URL(loc, app.base).origin, `${what}: Location ${JSON.stringify(loc)}`).toBe(origin);
  expect(/^[\s\u0000-\u001f]*(\/[/\\]|[a-z][a-z0-9+.-]*:)/i.test(loc) && !loc.startsWith(origin), `${what}: Location ${JSON.stringify(loc)} names a scheme or host`).toBe(false);
  checked++;
  return loc;
}

/** A hidden redirectTo field rendered into a form holds an on-site path. */
async function expectHiddenOnSite(res: Response, what: string) {
  expect(res.status, what).toBe(200);
  const html = await res.text();
  const values = [...html.matchAll(/name="redirectTo" value="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, "&"));
  expect(values.length, `${what}: a redirectTo field`).toBeGreaterThan(0);
  for (const v of values) expect(new URL(v, app.base).origin, `${what}: field ${JSON.stringify(v)}`).toBe(origin);
  checked++;
}

describe("open redirects through the routes", () => {
  it.each(EVIL)("keeps %j on the site on every route", async (evil) => {
    const t = { targetType: "thread", targetId: threadId, redirectTo: evil };
    // Login: the signed-in GET, and the form post.
    expectOnSite(await send("GET", `/login?redirectTo=${encodeURIComponent(evil)}`, { cookie: admin.cookie }), "GET /login signed in");
    expectOnSite(await send("POST", "/login", { form: { email: member.email, password: FACTORY_PASSWORD, redirectTo: evil } }), "POST /login");
    // The language switch, signed out and signed in, with a valid and an unknown language.
    expectOnSite(await send("POST", "/lang", { form: { lang: "en", redirectTo: evil } }), "POST /lang");
    expectOnSite(await send("POST", "/lang", { form: { lang: "xx", redirectTo: evil } }), "POST /lang unknown");
    expectOnSite(await send("POST", "/lang", { cookie: member.cookie, form: { lang: "sv", redirectTo: evil } }), "POST /lang signed in");
    // Moderation actions: lock then unlock (both succeed and redirect), and the signed-out detour.
    expectOnSite(await send("POST", "/mod/act", { cookie: admin.cookie, form: { intent: "lock", ...t } }), "POST /mod/act lock");
    expectOnSite(await send("POST", "/mod/act", { cookie: admin.cookie, form: { intent: "unlock", ...t } }), "POST /mod/act unlock");
    const detour = expectOnSite(await send("POST", "/mod/act", { form: { intent: "lock", ...t } }), "POST /mod/act signed out");
    // …and the sign-in page that detour leads to sends a signed-in person on, on the site.
    expectOnSite(await send("GET", new URL(detour, app.base).pathname + new URL(detour, app.base).search, { cookie: admin.cookie }), "detour → /login");
    // Flags: the post (the flag is removed again so the next one is not a duplicate) and the detour.
    expectOnSite(await send("POST", "/flag", { cookie: member.cookie, form: { reason: "spam", text: "", ...t } }), "POST /flag");
    await db.deleteFrom("flags").where("reporter_id", "=", member.id).execute();
    expectOnSite(await send("POST", "/flag", { form: { reason: "spam", ...t } }), "POST /flag signed out");
    // Pages that put the target into a form: the flag page and the moderator's edit page.
    await expectHiddenOnSite(await send("GET", `/flag?targetType=thread&targetId=${threadId}&redirectTo=${encodeURIComponent(evil)}`, { cookie: member.cookie }), "GET /flag");
    await expectHiddenOnSite(await send("GET", `/mod/edit?targetType=thread&targetId=${threadId}&redirectTo=${encodeURIComponent(evil)}`, { cookie: admin.cookie }), "GET /mod/edit");
  });

  it("checked every route with every target", () => {
    expect(checked).toBe(EVIL.length * 13);
    console.log(`Open redirects: ${EVIL.length} targets × 13 route checks = ${checked} responses, 0 off-site`);
  });
});
