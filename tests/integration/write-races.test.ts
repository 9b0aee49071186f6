import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "../../db/client";
import { closeDb } from "../../db/client";
import { freshDatabase } from "../support/db";
import { createWorld, type World } from "../support/principals";
import { createOrg, createUser, viewerFor } from "../support/factories";
import { createForumTags } from "../support/forum";
import type { Viewer } from "../../app/policy";

// Issue 19 items 10 and 12: concurrent writes through the real route actions against PostgreSQL.
//  - Two admins demoting (or removing) each other at the same moment must leave one admin.
//  - Replies, accepts, edits, votes and deletes hammering one thread must never answer 500
//    (no deadlock, no serialization failure reaching the person).
let db: DB;
let destroy: () => Promise<void>;
let w: World;
type Route = { action: (a: { request: Request; params: Record<string, string>; context: AppLoadContext }) => Promise<unknown> };
let orgAdmin: Route;
let threadRoute: Route;
let newThread: Route;

beforeAll(async () => {
  let url: string;
  ({ db, destroy, url } = await freshDatabase());
  process.env.DATABASE_URL = url;
  process.env.DATABASE_POOL_MAX = "20";
  w = await createWorld(db);
  await createForumTags(db);
  orgAdmin = await import("../../app/routes/orgs.$slug_.admin");
  threadRoute = await import("../../app/routes/t.$threadId");
  newThread = await import("../../app/routes/threads.new");
});
afterAll(async () => {
  await closeDb();
  await destroy();
});

const ctxOf = (viewer: Viewer | null) => ({ viewer, locale: "sv", sessionId: null, nonce: "n" }) as unknown as AppLoadContext;
const post = (path: string, fields: [string, string][]) =>
  new Request(`http://test.se${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
async function run(p: Promise<unknown>): Promise<{ status: number; error?: string }> {
  try {
    return { status: ((await p) as Response).status };
  } catch (e) {
    if (e instanceof Response) return { status: e.status };
    return { status: 500, error: String((e as Error).message ?? e) };
  }
}

const adminsOf = async (orgId: string) =>
  Number((await db.selectFrom("memberships").select((eb) => eb.fn.countAll().as("n")).where("org_id", "=", orgId).where("role", "=", "admin").executeTakeFirstOrThrow()).n);

describe("the last admin under concurrency", () => {
  const ROUNDS = 15;
  it(`two admins demoting each other at once, ${ROUNDS} rounds: an admin always remains`, async () => {
    let zero = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const org = await createOrg(db);
      const a = await createUser(db, { orgId: org.id, role: "admin" });
      const b = await createUser(db, { orgId: org.id, role: "admin" });
      const [va, vb] = [await viewerFor(db, a.id), await viewerFor(db, b.id)];
      const demote = (actor: Viewer, target: string, intent: "role" | "remove") =>
        run(orgAdmin.action({ request: post(`/orgs/${org.slug}/admin`, [["intent", intent], ["userId", target], ["role", "member"], ["confirmed", "1"]]), params: { slug: org.slug }, context: ctxOf(actor) }));
      // Odd rounds mix a demotion with a removal: both paths obey the same lock.
      const r = await Promise.all([demote(va, b.id, "role"), demote(vb, a.id, i % 2 ? "remove" : "role")]);
      expect(r.map((x) => x.status).sort(), JSON.stringify(r)).toEqual([200, 400]); // one done, one refused: "last admin"
      if ((await adminsOf(org.id)) === 0) zero++;
    }
    expect(zero).toBe(0);
  });

  it("each admin demoting themselves at once: one stays admin", async () => {
    const org = await createOrg(db);
    const people = await Promise.all([0, 1, 2].map(() => createUser(db, { orgId: org.id, role: "admin" })));
    const viewers = await Promise.all(people.map((p) => viewerFor(db, p.id)));
    await Promise.all(viewers.map((v) =>
      run(orgAdmin.action({ request: post(`/orgs/${org.slug}/admin`, [["intent", "role"], ["userId", v.id], ["role", "member"]]), params: { slug: org.slug }, context: ctxOf(v) }))));
    expect(await adminsOf(org.id)).toBe(1);
  });
});

describe("many writers on one thread", () => {
  it("concurrent replies, accepts, edits, votes and deletes: no 500, no deadlock", async () => {
    const asker = w.viewers.memberA!;
    const created = await run(newThread.action({
      request: post("/threads/new", [["kind", "question"], ["title", "Hamrad tråd"], ["body", "Många skriver samtidigt här."], ["orgId", w.orgA.id], ["audience", "network"], ["tags", "gdpr"]]),
      params: {}, context: ctxOf(asker),
    }));
    expect(created.status).toBe(303);
    const tid = (await db.selectFrom("threads").select("id").where("title", "=", "Hamrad tråd").executeTakeFirstOrThrow()).id;
    const writers = await Promise.all([0, 1, 2, 3, 4, 5].map(async (i) => viewerFor(db, (await createUser(db, { orgId: i % 2 ? w.orgB.id : w.orgA.id })).id)));
    const moderator = w.viewers.moderatorA!;
    const act = (v: Viewer, fields: [string, string][]) =>
      run(threadRoute.action({ request: post(`/t/${tid}`, fields), params: { threadId: tid }, context: ctxOf(v) }));
    // Seed replies to act on.
    for (const v of writers) expect((await act(v, [["intent", "reply"], ["body", `Första svar från ${v.handle}`]])).status).toBe(303);
    const postIds = (await db.selectFrom("posts").select(["id", "author_id"]).where("thread_id", "=", tid).orderBy("id").execute());
    const results: { status: number; error?: string }[] = [];
    for (let round = 0; round < 6; round++) {
      const jobs: Promise<{ status: number; error?: string }>[] = [];
      writers.forEach((v, i) => {
        const own = postIds.find((p) => p.author_id === v.id)!;
        const other = postIds[(i + 1 + round) % postIds.length];
        jobs.push(act(v, [["intent", "reply"], ["body", `Svar ${round} från ${v.handle}`]]));
        jobs.push(act(v, [["intent", "vote"], ["postId", other.id], ["on", round % 2 ? "0" : "1"]]));
        jobs.push(act(v, [["intent", "editPost"], ["postId", own.id], ["body", `Redigerat ${round} av ${v.handle}`], ["reason", ""]]));
      });
      jobs.push(act(asker, [["intent", "accept"], ["postId", postIds[round % postIds.length].id]]));
      jobs.push(act(moderator, [["intent", "accept"], ["postId", postIds[(round + 3) % postIds.length].id]]));
      jobs.push(act(asker, [["intent", "editThread"], ["title", `Hamrad tråd ${round}`], ["body", "Många skriver samtidigt här."], ["reason", ""]]));
      if (round === 5) jobs.push(act(moderator, [["intent", "deletePost"], ["postId", postIds[0].id]]));
      results.push(...(await Promise.all(jobs)));
    }
    const failures = results.filter((r) => r.status >= 500);
    expect(failures, JSON.stringify(failures.slice(0, 3))).toEqual([]);
    expect(results.length).toBeGreaterThan(100);
    // Counters agree with the rows after all of it.
    const t = await db.selectFrom("threads").select("reply_count").where("id", "=", tid).executeTakeFirstOrThrow();
    const live = await db.selectFrom("posts").select((eb) => eb.fn.countAll().as("n")).where("thread_id", "=", tid).where("deleted_at", "is", null).executeTakeFirstOrThrow();
    expect(Number(t.reply_count)).toBe(Number(live.n));
  });
});
