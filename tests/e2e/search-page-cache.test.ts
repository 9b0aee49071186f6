import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, DEMO_PASSWORD } from "../support/browser";
import { writeThread } from "../support/search";
import { recordSearchChange } from "../../search/outbox";

// Guests' search pages from the page cache (app/lib/page-cache.server.ts, searchRevision), over
// HTTP against the production server: a repeat search is a hit; any change to what search can
// answer (a new public thread, a thread turned members-only) is seen at once; members are never
// served from it; an organisation-only word never shows through a cached page.
let db: DB;
const stamp = `cachesok${Date.now().toString(36)}`.replace(/[0-9]/g, (d) => "abcdefghij"[Number(d)]);

const id = async (table: "users" | "organisations", col: "handle" | "slug", v: string) =>
  (await db.selectFrom(table).select("id").where(col, "=", v).executeTakeFirstOrThrow()).id;

async function view(q: string, cookie: string | null = null) {
  const res = await fetch(appUrl(`/search?q=${encodeURIComponent(q)}`), { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  return { status: res.status, cache: res.headers.get("x-page-cache"), html: await res.text() };
}

async function signInCookie(email: string): Promise<string> {
  const res = await fetch(appUrl("/login"), {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: new URL(appUrl()).origin },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
  });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
  expect(cookie).toContain("=");
  return cookie;
}

let gavle: string;
let lina: string;
beforeAll(async () => {
  db = appDatabase();
  gavle = await id("organisations", "slug", "gavle");
  lina = await id("users", "handle", "lina.ostman");
});
afterAll(() => db.destroy());

describe("guest search page cache", () => {
  it("serves a repeat search from the cache and sees a new public thread at once", async () => {
    const first = await view(stamp);
    expect(first.status).toBe(200);
    expect(first.cache).toBe("miss");
    expect(first.html).not.toContain(`Tråd om ${stamp}`);
    // Other files share this server, and any change indexed meanwhile starts the cache afresh:
    // a repeat is asked up to three times for its hit (a cache that never hits still fails).
    const repeat = async () => {
      let v = await view(stamp);
      for (let i = 0; i < 2 && v.cache !== "hit"; i++) v = await view(stamp);
      return v;
    };
    const again = await repeat();
    expect(again.cache).toBe("hit");
    expect(again.html).toBe(first.html);
    const { threadId } = await writeThread(db, { orgId: gavle, authorId: lina, title: `Tråd om ${stamp}`, body: `Vi provar ${stamp}.`, visibility: "public" });
    const after = await view(stamp);
    expect(after.cache).toBe("miss");
    expect(after.html).toContain(`Tråd om ${stamp}`);
    expect((await repeat()).cache).toBe("hit");
    // Members-only from now on: the guest's cached page must not show it any more.
    await db.transaction().execute(async (trx) => {
      await trx.updateTable("threads").set({ visibility: "network" }).where("id", "=", threadId).execute();
      await recordSearchChange(trx, "thread", threadId);
    });
    const hidden = await view(stamp);
    expect(hidden.cache).toBe("miss");
    expect(hidden.html).not.toContain(`Tråd om ${stamp}`);
  });

  it("never serves members from it, and an organisation-only word stays out of guests' pages", async () => {
    const canary = `${stamp}kanarie`;
    await writeThread(db, { orgId: gavle, authorId: lina, title: `Internt ${canary}`, body: `Bara för Gävle: ${canary}.`, visibility: "organisation" });
    const peter = await signInCookie("peter.nystrom@gavle.se");
    const member = await view(canary, peter);
    expect(member.cache).toBeNull();
    expect(member.html).toContain(`Internt ${canary}`);
    expect((await view(canary, peter)).cache).toBeNull();
    for (let i = 0; i < 2; i++) {
      const guest = await view(canary);
      expect(guest.status).toBe(200);
      expect(guest.html).not.toContain("Bara för Gävle");
      expect(guest.html).not.toContain(`Internt ${canary}`);
    }
  });

  it("renders long or junk search URLs every time", async () => {
    const long = "ord ".repeat(200);
    expect((await view(long)).cache).toBeNull();
    const rev = await sql<{ n: string }>`SELECT count(*) AS n FROM search_changes`.execute(db);
    expect(Number(rev.rows[0].n)).toBeGreaterThan(0);
  });
});
