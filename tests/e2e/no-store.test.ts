import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, DEMO_PASSWORD } from "../support/browser";

// Issue 19 item 12: pages rendered for a signed-in person are private and must not be stored by
// any cache (no-store), whether rendered, served from the page cache, or fetched as loader data.

let db: DB;
let threadPath: string;
beforeAll(async () => {
  db = appDatabase();
  const t = await db.selectFrom("threads").select("id").where("visibility", "=", "network").where("deleted_at", "is", null).where("hidden_at", "is", null).orderBy("id").executeTakeFirstOrThrow();
  threadPath = `/t/${t.id}`;
});
afterAll(() => db.destroy());

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

const get = async (path: string, cookie?: string) => {
  const r = await fetch(appUrl(path), { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
  await r.arrayBuffer();
  return r;
};

describe("Cache-Control", () => {
  it("signed in: every page, the page cache's second answer and loader data are no-store", async () => {
    const cookie = await signInCookie("karin.lindqvist@regiongavleborg.se");
    for (const path of ["/", "/threads", "/settings", "/admin", "/dev/mailbox", "/search?q=ai", "/no-such-page"]) {
      const r = await get(path, cookie);
      expect(r.headers.get("cache-control"), path).toBe("private, no-store");
    }
    const canonical = await get(threadPath, cookie);
    const page = canonical.headers.get("location") ?? threadPath; // /t/<id> redirects to /t/<id>-<slug>
    const first = await get(page, cookie);
    const second = await get(page, cookie);
    expect(second.headers.get("x-page-cache")).toBe("hit");
    for (const r of [first, second]) expect(r.headers.get("cache-control"), page).toBe("private, no-store");
    const data = await get("/threads?_data=root", cookie);
    expect(data.status).toBe(200);
    expect(data.headers.get("cache-control")).toBe("private, no-store");
  });

  it("signed out: public pages stay revalidated (no-cache), not stored as private", async () => {
    const r = await get("/threads");
    expect(r.headers.get("cache-control")).toBe("private, no-cache");
  });
});

describe("redirects after a write, followed by the browser's router", () => {
  it("ask for the page's data again (a redirect to the same page with a #fragment would otherwise reload nothing)", async () => {
    const cookie = await signInCookie("karin.lindqvist@regiongavleborg.se");
    const post = (intent: string) =>
      fetch(appUrl(`${threadPath}?_data=${encodeURIComponent("routes/t.$threadId")}`), {
        method: "POST", redirect: "manual",
        headers: { Cookie: cookie, Origin: new URL(appUrl()).origin, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent, on: "1" }),
      });
    const r = await post("watch");
    expect(r.status).toBe(204);
    expect(r.headers.get("x-remix-redirect")).toMatch(/^\/t\/\d+-/);
    expect(r.headers.get("x-remix-revalidate")).toBe("yes");
    // A loader's data (a GET) is not a write: no such header.
    const g = await fetch(appUrl(`${threadPath}?_data=root`), { headers: { Cookie: cookie } });
    expect(g.headers.get("x-remix-revalidate")).toBeNull();
  });
});
