import { createHash } from "node:crypto";
import http from "node:http";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, DEMO_PASSWORD, signIn, useBrowser } from "../support/browser";
import { makePost, makeThread } from "../support/moderation";

// The page cache in front of the thread page, over HTTP against the production server: a cached
// page is only ever served to the viewer it was rendered for, no CSP nonce is sent twice, and
// every change the page shows (replies, votes, visibility, moderation) is seen at once. A real
// browser runs a cached page's scripts under its hash-based CSP.
const browser = useBrowser();
let db: DB;
let threadId: string;
let path: string;
const stamp = Date.now().toString(36);

const userId = async (handle: string) => (await db.selectFrom("users").select("id").where("handle", "=", handle).executeTakeFirstOrThrow()).id;
const orgId = async (slug: string) => (await db.selectFrom("organisations").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;

async function signInCookie(email: string): Promise<string> {
  const res = await fetch(appUrl("/login"), {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: new URL(appUrl()).origin },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
  });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
  expect(cookie, `sign-in of ${email}`).toContain("=");
  return cookie;
}

/** A GET with node:http, so the body arrives as sent (fetch decompresses). */
function raw(cookie: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; cache: string | null; csp: string; encoding: string | null; body: Buffer }>((resolve, reject) => {
    http
      .get(appUrl(path), { headers: { Cookie: cookie, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            cache: (res.headers["x-page-cache"] as string) ?? null,
            csp: (res.headers["content-security-policy"] as string) ?? "",
            encoding: (res.headers["content-encoding"] as string) ?? null,
            body: Buffer.concat(chunks),
          }),
        );
      })
      .on("error", reject);
  });
}

async function view(cookie: string | null, p = path) {
  const res = await fetch(appUrl(p), { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  const html = await res.text();
  const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1] ?? null;
  return { status: res.status, cache: res.headers.get("x-page-cache"), html, nonce };
}

let peter: string; // Gävle member
let lina: string; // Gävle member, the author
let fatima: string; // Sandviken member

beforeAll(async () => {
  db = appDatabase();
  threadId = await makeThread(db, { orgId: await orgId("gavle"), authorId: await userId("lina.ostman"), title: `Cachad tråd ${stamp}`, visibility: "network" });
  await makePost(db, { threadId, authorId: await userId("peter.nystrom"), body: `Första svaret ${stamp}` });
  path = `/t/${threadId}-en-fraga`;
  [peter, lina, fatima] = await Promise.all(["peter.nystrom@gavle.se", "lina.ostman@gavle.se", "fatima.said@sandviken.se"].map(signInCookie));
});
afterAll(() => db.destroy());

describe("page cache", () => {
  it("serves a repeat view from the cache: the same bytes, its scripts allowed by hash, gzipped for browsers", async () => {
    const first = await raw(peter);
    expect(first.status).toBe(200);
    expect(first.cache).toBe("miss");
    expect(first.csp).toMatch(/'nonce-[^']+'/);
    const second = await raw(peter);
    expect(second.status).toBe(200);
    expect(second.cache).toBe("hit");
    expect(second.body.equals(first.body)).toBe(true);
    // No nonce is ever sent twice: the repeat allows exactly its own inline scripts, by hash.
    expect(second.csp).not.toContain("'nonce-");
    const scripts = [...second.body.toString("utf8").matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(second.csp).toContain(`'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`);
    // Browsers ask for gzip and get the stored compressed copy.
    const zipped = await raw(peter, { "Accept-Encoding": "gzip, deflate, br" });
    expect(zipped.cache).toBe("hit");
    expect(zipped.encoding).toBe("gzip");
    expect(zipped.body.length).toBeLessThan(first.body.length / 3);
    expect(gunzipSync(zipped.body).equals(first.body)).toBe(true);
  });

  it("runs a cached page's scripts in Chromium (hydrated, no CSP violation)", async () => {
    const { page } = await browser.open();
    await signIn(page, "johan.berg@regiongavleborg.se");
    await page.goto(appUrl(path));
    const res = await page.goto(appUrl(path));
    expect(res?.headers()["x-page-cache"]).toBe("hit");
    expect(res?.headers()["content-security-policy"]).not.toContain("'nonce-");
    await expect.poll(() => page.evaluate(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter))).toBe(true);
    // The live Markdown preview only exists where the page's JavaScript runs.
    await page.locator(".reply-box textarea[name=body]").fill("**fet** text");
    await expect.poll(() => page.locator(".reply-box .preview-body strong").first().textContent()).toBe("fet");
  });

  it("keeps only the page and its moderation notice: other query strings are rendered, not stored", async () => {
    const junk = `${path}?x=${stamp}`;
    const a = await fetch(appUrl(junk), { headers: { Cookie: peter } });
    const b = await fetch(appUrl(junk), { headers: { Cookie: peter } });
    expect(a.status).toBe(200);
    expect(a.headers.get("x-page-cache")).toBeNull();
    expect(b.headers.get("x-page-cache")).toBeNull();
  });

  it("never serves one viewer's page to another", async () => {
    await view(peter);
    const theirs = await view(lina);
    expect(theirs.cache).toBe("miss");
    expect(theirs.html).toContain("Lina");
    const anonymous = await view(null);
    expect(anonymous.status).toBe(404); // network-only thread: signed-out visitors do not see it
  });

  it("shows a new reply, a vote and an edit at once", async () => {
    await view(peter);
    expect((await view(peter)).cache).toBe("hit");
    const reply = `Andra svaret ${stamp}`;
    const postId = await makePost(db, { threadId, authorId: await userId("lina.ostman"), body: reply });
    const afterReply = await view(peter);
    expect(afterReply.cache).toBe("miss");
    expect(afterReply.html).toContain(reply);

    await db.insertInto("votes").values({ post_id: postId, user_id: await userId("fatima.said") }).execute();
    expect((await view(peter)).cache).toBe("miss");

    await db.updateTable("posts").set({ body_html: `<p>Ändrat ${stamp}</p>` }).where("id", "=", postId).execute();
    const edited = await view(peter);
    expect(edited.cache).toBe("miss");
    expect(edited.html).toContain(`Ändrat ${stamp}`);
  });

  it("stops serving a cached page the moment the viewer may no longer read it", async () => {
    const before = await view(fatima);
    expect(before.status).toBe(200);
    expect((await view(fatima)).cache).toBe("hit");
    await db.updateTable("threads").set({ visibility: "organisation" }).where("id", "=", threadId).execute();
    const after = await view(fatima);
    expect(after.status).toBe(404);
    expect(after.html).not.toContain(`Cachad tråd ${stamp}`);
    // The owning organisation still reads it.
    expect((await view(peter)).status).toBe(200);
    await db.updateTable("threads").set({ visibility: "network" }).where("id", "=", threadId).execute();
  });

  it("stops serving a cached page when the session ends", async () => {
    const cookie = await signInCookie("peter.nystrom@gavle.se");
    await view(cookie);
    expect((await view(cookie)).cache).toBe("hit");
    await fetch(appUrl("/logout"), { method: "POST", redirect: "manual", headers: { Cookie: cookie, Origin: new URL(appUrl()).origin } });
    const after = await view(cookie);
    expect(after.status).toBe(404);
  });
});
