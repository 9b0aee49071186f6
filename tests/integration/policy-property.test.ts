import fc from "fast-check";
import { sql, type SqlBool, type Transaction } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";
import {
  canReadCase, canReadPost, canReadThread, indexableCases, indexablePosts, indexableThreads, isListedCase, isListedThread,
  listedCases, listedThreads, readableCases, visibleSql,
  readablePosts, readableThreads, type CaseScope, type OrgRole, type ThreadFacts, type Viewer, type Visibility,
} from "../../app/policy";
import { readableTargets } from "../../app/policy/targets.server";
import { freshDatabase } from "../support/db";
import { createOrg, createUser } from "../support/factories";

// Property: for random rows (threads, replies, cases with random organisations, visibility,
// shares and every state) and random principals, the SQL helpers select exactly the ids the
// pure predicates admit. Each run writes its rows in a transaction that is rolled back.
const RUNS = Number(process.env.POLICY_PROPERTY_RUNS ?? 40);
const VIS: Visibility[] = ["organisation", "network", "public"];
const ROLES: OrgRole[] = ["member", "ambassador", "moderator", "admin"];

let db: DB;
let destroy: () => Promise<void>;
let orgIds: string[] = [];
let userIds: string[] = [];

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  orgIds = [];
  for (let i = 0; i < 3; i++) orgIds.push((await createOrg(db)).id);
  userIds = [];
  for (let i = 0; i < 4; i++) userIds.push((await createUser(db, { orgId: orgIds[i % 3] })).id);
});
afterAll(() => destroy());

const idx = (n: number) => fc.integer({ min: 0, max: n - 1 });
const when = fc.boolean();
const shares = fc.subarray([0, 1, 2]);
const scope = fc.record({ org: idx(3), visibility: fc.constantFrom(...VIS), shared: shares });

const threadArb = fc.record({ s: scope, author: idx(4), hidden: when, deleted: when, locked: when, question: when });
const postArb = fc.record({ thread: fc.nat(), author: idx(4), hidden: when, deleted: when });
const caseArb = fc.record({ s: scope, draft: when, hidden: when, deleted: when, discusses: fc.option(fc.nat(), { nil: null }) });
const viewerArb = fc.option(
  fc.record({
    user: idx(4),
    memberships: fc.uniqueArray(fc.record({ org: idx(3), role: fc.constantFrom(...ROLES) }), { selector: (m: { org: number }) => m.org, maxLength: 3 }),
    network: fc.constantFrom(null, "moderator" as const, "admin" as const),
  }),
  { nil: null, freq: 5 },
);
const worldArb = fc.record({
  threads: fc.array(threadArb, { minLength: 1, maxLength: 8 }),
  posts: fc.array(postArb, { maxLength: 10 }),
  cases: fc.array(caseArb, { maxLength: 6 }),
  viewers: fc.array(viewerArb, { minLength: 1, maxLength: 5 }),
});
type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;

const at = (b: boolean) => (b ? new Date("2026-11-01T10:00:00Z") : null);
const sharedOf = (s: { org: number; visibility: Visibility; shared: number[] }) =>
  s.visibility === "organisation" ? s.shared.filter((o) => o !== s.org).map((o) => orgIds[o]) : [];

function toViewer(v: NonNullable<World["viewers"][number]>): Viewer {
  return {
    id: userIds[v.user], email: "x@test.se", handle: "x", name: "X", locale: null, primaryOrgId: null, networkRole: v.network,
    memberships: v.memberships.map((m) => ({ orgId: orgIds[m.org], role: m.role })),
  };
}

class Rollback extends Error {}

async function check(w: World) {
  try {
    await db.transaction().execute(async (trx) => {
      await compare(trx, w);
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
}

async function compare(trx: Transaction<Database>, w: World) {
  const threads: { id: string; facts: ThreadFacts }[] = [];
  for (const t of w.threads) {
    const row = await trx.insertInto("threads").values({
      kind: t.question ? "question" : "discussion", title: "T", slug: "t", body_md: "b", body_html: "b", renderer_version: 1,
      org_id: orgIds[t.s.org], visibility: t.s.visibility, shared_org_ids: sharedOf(t.s), author_id: userIds[t.author],
      hidden_at: at(t.hidden), deleted_at: at(t.deleted), locked_at: at(t.locked),
    }).returning("id").executeTakeFirstOrThrow();
    threads.push({
      id: row.id,
      facts: {
        orgId: orgIds[t.s.org], visibility: t.s.visibility, sharedOrgIds: sharedOf(t.s), authorId: userIds[t.author],
        kind: t.question ? "question" : "discussion", hiddenAt: at(t.hidden), deletedAt: at(t.deleted), lockedAt: at(t.locked), discussionOf: null,
      },
    });
  }
  // One case per discussion thread at most (a thread is the discussion of one case).
  const cases: { id: string; scope: CaseScope }[] = [];
  const discussed = new Set<number>();
  for (const c of w.cases) {
    let d = c.discusses === null ? null : c.discusses % threads.length;
    if (d !== null && discussed.has(d)) d = null;
    if (d !== null) discussed.add(d);
    const sc: CaseScope = { orgId: orgIds[c.s.org], visibility: c.s.visibility, sharedOrgIds: sharedOf(c.s), state: c.draft ? "draft" : "published", hiddenAt: at(c.hidden), deletedAt: at(c.deleted) };
    const row = await trx.insertInto("cases").values({
      org_id: sc.orgId, visibility: sc.visibility, shared_org_ids: sc.sharedOrgIds, state: sc.state, title: "C", created_by: userIds[0],
      hidden_at: at(c.hidden), deleted_at: at(c.deleted), discussion_thread_id: d === null ? null : threads[d].id,
    }).returning("id").executeTakeFirstOrThrow();
    cases.push({ id: row.id, scope: sc });
    if (d !== null) {
      // The app keeps a discussion's audience equal to its case's (saveCase mends it in the same
      // transaction), so the generated world does too.
      await trx.updateTable("threads").set({ org_id: sc.orgId, visibility: sc.visibility, shared_org_ids: sc.sharedOrgIds }).where("id", "=", threads[d].id).execute();
      Object.assign(threads[d].facts, { orgId: sc.orgId, visibility: sc.visibility, sharedOrgIds: sc.sharedOrgIds, discussionOf: sc });
    }
  }
  const posts: { id: string; thread: ThreadFacts; post: { authorId: string; hiddenAt: Date | null; deletedAt: Date | null } }[] = [];
  for (const [i, p] of w.posts.entries()) {
    const t = threads[p.thread % threads.length];
    const row = await trx.insertInto("posts").values({
      thread_id: t.id, number: i + 1, author_id: userIds[p.author], body_md: "p", body_html: "p", renderer_version: 1,
      hidden_at: at(p.hidden), deleted_at: at(p.deleted),
    }).returning("id").executeTakeFirstOrThrow();
    posts.push({ id: row.id, thread: t.facts, post: { authorId: userIds[p.author], hiddenAt: at(p.hidden), deletedAt: at(p.deleted) } });
  }

  const sorted = (xs: string[]) => [...xs].map(String).sort();
  // Search documents: what is indexed, seen through the public audience, is what anonymous readers get listed.
  const pub = sql<SqlBool>`t.visibility = 'public'`;
  expect(sorted((await trx.selectFrom("threads as t").select("t.id").where(() => sql<SqlBool>`${pub} AND ${indexableThreads("t")}`).execute()).map((r) => r.id)), "indexableThreads")
    .toEqual(sorted(threads.filter((t) => isListedThread(null, t.facts)).map((t) => t.id)));
  expect(sorted((await trx.selectFrom("cases as c").select("c.id").where(() => sql<SqlBool>`${visibleSql(null, "c")} AND ${indexableCases("c")}`).execute()).map((r) => r.id)), "indexableCases")
    .toEqual(sorted(cases.filter((c) => isListedCase(null, c.scope)).map((c) => c.id)));
  expect(sorted((await trx.selectFrom("posts as p").innerJoin("threads as t", "t.id", "p.thread_id").select("p.id").where(() => sql<SqlBool>`${pub} AND ${indexablePosts("p", "t")}`).execute()).map((r) => r.id)), "indexablePosts")
    .toEqual(sorted(posts.filter((p) => !p.thread.deletedAt && canReadPost(null, p.thread, p.post)).map((p) => p.id)));
  for (const raw of w.viewers) {
    const v = raw ? toViewer(raw) : null;
    const who = JSON.stringify(raw);
    type Where = (v: Viewer | null) => ReturnType<typeof readableThreads>;
    const sqlIds = async (table: "threads" | "cases", where: Where) =>
      sorted((table === "threads"
        ? await trx.selectFrom("threads as t").select("t.id").where(() => where(v)).execute()
        : await trx.selectFrom("cases as c").select("c.id").where(() => where(v)).execute()).map((r) => r.id));

    expect(await sqlIds("threads", (x) => readableThreads(x, "t")), `readableThreads ${who}`).toEqual(sorted(threads.filter((t) => canReadThread(v, t.facts)).map((t) => t.id)));
    expect(await sqlIds("threads", (x) => listedThreads(x, "t")), `listedThreads ${who}`).toEqual(sorted(threads.filter((t) => isListedThread(v, t.facts)).map((t) => t.id)));
    expect(await sqlIds("cases", (x) => readableCases(x, "c")), `readableCases ${who}`).toEqual(sorted(cases.filter((c) => canReadCase(v, c.scope)).map((c) => c.id)));
    expect(await sqlIds("cases", (x) => listedCases(x, "c")), `listedCases ${who}`).toEqual(sorted(cases.filter((c) => isListedCase(v, c.scope)).map((c) => c.id)));

    const postSql = sorted((await trx.selectFrom("posts as p").innerJoin("threads as t", "t.id", "p.thread_id").select("p.id").where(() => readablePosts(v, "p", "t")).execute()).map((r) => r.id));
    expect(postSql, `readablePosts ${who}`).toEqual(sorted(posts.filter((p) => canReadPost(v, p.thread, p.post)).map((p) => p.id)));

    // The polymorphic resolver loads its facts from the database: it must agree with the SQL too.
    const ctx = { db: trx as unknown as DB, viewer: v };
    expect(sorted((await readableTargets(ctx, "post", posts.map((p) => p.id))).map((t) => t.id)), `readableTargets post ${who}`).toEqual(postSql);
    expect(sorted((await readableTargets(ctx, "thread", threads.map((t) => t.id))).map((t) => t.id)), `readableTargets thread ${who}`)
      .toEqual(await sqlIds("threads", (x) => readableThreads(x, "t")));
    expect(sorted((await readableTargets(ctx, "case", cases.map((c) => c.id))).map((t) => t.id)), `readableTargets case ${who}`)
      .toEqual(await sqlIds("cases", (x) => readableCases(x, "c")));
  }
}

describe("the read rule's SQL helpers and predicates agree", () => {
  it(`on ${RUNS} random worlds of threads, replies, cases and principals`, async () => {
    await fc.assert(fc.asyncProperty(worldArb, check), { numRuns: RUNS, endOnFailure: true, seed: process.env.POLICY_PROPERTY_SEED ? Number(process.env.POLICY_PROPERTY_SEED) : undefined });
  }, 240_000);
});
