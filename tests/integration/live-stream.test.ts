import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, DEMO_PASSWORD } from "../support/browser";
import { makePost, makeThread } from "../support/moderation";
import { createUser, FACTORY_PASSWORD } from "../support/factories";
import { openLiveStream, until as untilHolds } from "../support/sse";

// The live stream (/events) of the production server: fed by PostgreSQL NOTIFY through the
// process's one LISTEN connection, state recomputed with the reader's current rights, resumable.
let db: DB;
const PETER = "peter.nystrom@gavle.se";

async function cookieOf(email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(appUrl("/login"), {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: new URL(appUrl()).origin },
    body: new URLSearchParams({ email, password }),
  });
  return (res.headers.get("set-cookie") ?? "").split(";")[0];
}

/** Opens the stream of the shared server and collects its "state" messages. */
const open = (path: string, headers: Record<string, string> = {}) => openLiveStream(appUrl(path), headers);
const until = (f: () => boolean, ms = 3000) => untilHolds(f, ms);
const latestEvent = async () => String((await db.selectFrom("events").select((e) => e.fn.max("id").as("id")).executeTakeFirst())?.id ?? "0");

beforeAll(() => {
  db = appDatabase();
});
afterAll(() => db.destroy());

describe("live stream", () => {
  it("starts with the current state under the newest event id, and follows NOTIFY within 2 s", async () => {
    const peter = await db.selectFrom("users").select(["id", "primary_org_id"]).where("email", "=", PETER).executeTakeFirstOrThrow();
    const cookie = await cookieOf(PETER);
    const s = await open("/events", { Cookie: cookie });
    expect(s.res.status).toBe(200);
    expect(s.res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(s.res.headers.get("cache-control")).toBe("no-store");
    await until(() => s.messages.length > 0);
    expect(s.messages[0].id).toBe(await latestEvent());
    const start = s.messages[0].data.unread!;
    const threadId = await makeThread(db, { orgId: peter.primary_org_id!, authorId: peter.id, title: "Live", visibility: "network" });
    await db.insertInto("notifications").values({ user_id: peter.id, kind: "reply", thread_id: threadId, data: "{}" }).execute();
    const t0 = Date.now();
    await sql`SELECT pg_notify('allmanning_live', ${JSON.stringify({ e: "999999999", u: [peter.id] })})`.execute(db);
    await until(() => s.messages.some((m) => m.data.unread === start + 1), 2000);
    console.log(`live stream answered NOTIFY in ${Date.now() - t0} ms`);
    expect(s.messages.at(-1)!.id).toBe("999999999");
    s.close();
  });

  it("a reconnect with Last-Event-ID gets the state as of now, including what happened meanwhile", async () => {
    const peter = await db.selectFrom("users").select(["id", "primary_org_id"]).where("email", "=", PETER).executeTakeFirstOrThrow();
    const cookie = await cookieOf(PETER);
    const first = await open("/events", { Cookie: cookie });
    await until(() => first.messages.length > 0);
    const { id, data } = first.messages[0];
    first.close();
    // Offline: a notification arrives.
    const threadId = await makeThread(db, { orgId: peter.primary_org_id!, authorId: peter.id, title: "Medan du var borta", visibility: "network" });
    await db.insertInto("notifications").values({ user_id: peter.id, kind: "reply", thread_id: threadId, data: "{}" }).execute();
    const again = await open("/events", { Cookie: cookie, "Last-Event-ID": id });
    await until(() => again.messages.length > 0);
    expect(again.messages[0].data.unread).toBe(data.unread! + 1);
    again.close();
  });

  it("a thread's stream counts new replies the reader may see; hidden threads and signed-out bells get no stream", async () => {
    const peter = await db.selectFrom("users").select(["id", "primary_org_id"]).where("email", "=", PETER).executeTakeFirstOrThrow();
    const pub = await makeThread(db, { orgId: peter.primary_org_id!, authorId: peter.id, title: "Öppen", visibility: "public" });
    await makePost(db, { threadId: pub, authorId: peter.id });
    const s = await open(`/events?thread=${pub}&seen=0`);
    expect(s.res.status).toBe(200);
    await until(() => s.messages.length > 0);
    expect(s.messages[0].data).toEqual({ unread: null, newPosts: 1 });
    const hiddenReply = await makePost(db, { threadId: pub, authorId: peter.id });
    await db.updateTable("posts").set({ hidden_at: new Date() }).where("id", "=", hiddenReply).execute();
    await makePost(db, { threadId: pub, authorId: peter.id });
    await sql`SELECT pg_notify('allmanning_live', ${JSON.stringify({ e: "999999998", t: pub })})`.execute(db);
    await until(() => s.messages.some((m) => m.data.newPosts === 2));
    s.close();

    const hidden = await makeThread(db, { orgId: peter.primary_org_id!, authorId: peter.id, title: "Dold", visibility: "public" });
    await db.updateTable("threads").set({ hidden_at: new Date() }).where("id", "=", hidden).execute();
    expect((await open(`/events?thread=${hidden}`)).res.status).toBe(204);
    expect((await open("/events")).res.status).toBe(204);
  });

  it("a person removed from their organisation loses the stream at once", async () => {
    const org = await db.selectFrom("organisations").select("id").where("slug", "=", "gavle").executeTakeFirstOrThrow();
    const u = await createUser(db, { orgId: org.id, email: `borttagen-${Date.now()}@gavle.se` });
    const cookie = await cookieOf(u.email, FACTORY_PASSWORD);
    const s = await open("/events", { Cookie: cookie });
    expect(s.res.status).toBe(200);
    await until(() => s.messages.length > 0);
    await db.deleteFrom("memberships").where("user_id", "=", u.id).execute();
    await sql`SELECT pg_notify('allmanning_live', ${JSON.stringify({ e: "999999997", u: [u.id] })})`.execute(db);
    await until(() => s.state.ended, 2000);
    expect(s.messages.map((m) => m.id)).not.toContain("999999997");
    expect((await open("/events", { Cookie: cookie })).res.status).toBe(204);
  });
});
