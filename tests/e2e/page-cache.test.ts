import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, DEMO_PASSWORD } from "../support/browser";
import { makePost, makeThread } from "../support/moderation";

// The page cache in front of the thread page, over HTTP against the production server: a cached
// page is only ever served to the viewer it was rendered for, every response carries its own CSP
// nonce, and every change the page shows (replies, votes, visibility, moderation) is seen at once.
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
  it("serves a repeat view from the cache with a fresh nonce that the page's scripts carry", async () => {
    const first = await view(peter);
    expect(first.status).toBe(200);
    expect(first.cache).toBe("miss");
    const second = await view(peter);
    expect(second.status).toBe(200);
    expect(second.cache).toBe("hit");
    expect(second.nonce).toBeTruthy();
    expect(second.nonce).not.toBe(first.nonce);
    // Every script carries this response's nonce, none the render's.
    const scriptNonces = [...second.html.matchAll(/<script[^>]*nonce="([^"]+)"/g)].map((m) => m[1]);
    expect(scriptNonces.length).toBeGreaterThan(0);
    expect(new Set(scriptNonces)).toEqual(new Set([second.nonce]));
    expect(second.html).not.toContain(first.nonce!);
    // Apart from the nonce, the same page.
    expect(second.html.split(second.nonce!).join("N")).toBe(first.html.split(first.nonce!).join("N"));
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
