import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { closeDb } from "../../db/client";
import { apiTokenHash } from "../../app/api/tokens.server";
import { deleteCase } from "../../app/cases/cases.server";
import { getThreadPage } from "../../app/forum/page.server";
import { deletePost, reply } from "../../app/forum/posts.server";
import { createThread, deleteThread } from "../../app/forum/threads.server";
import type { Audience } from "../../app/forum/types";
import { moderate } from "../../app/moderation/actions.server";
import { actionSchema } from "../../app/moderation/schemas";
import { drainOutbox } from "../../search/worker";
import { makeCase } from "../support/cases";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { createWorld, PRINCIPALS, type PrincipalName, type World } from "../support/principals";
import { bodyOf, callApi, loadApiRoutes, tokenFor, type ApiRoutes } from "../support/api";

// The API axis of the authorization matrix: every principal × visibility × state, read through
// /api/v1 with the principal's own token (none for "anonymous"). Expected outcomes are written
// out by hand (the same rule as tests/integration/matrix-state.test.ts, which checks the pages):
// the API shows exactly what the pages show. A deactivated person's or a removed member's token
// is refused outright (401), so they see nothing at all — stricter than signed out, never a leak.
const AUDIENCES: Audience[] = ["organisation", "chosen", "network", "public"];
const A = ["memberA", "ambassadorA", "moderatorA", "adminA"] as const;
const NET = ["networkModerator", "networkAdmin"] as const;
const READERS: Record<Audience, readonly PrincipalName[]> = {
  organisation: A, chosen: [...A, "memberB"], network: [...A, "memberB", ...NET], public: PRINCIPALS,
};
const MODS = new Set<PrincipalName>(["moderatorA", "adminA", ...NET]);
const CASE_EDITORS = new Set<PrincipalName>(["ambassadorA", "moderatorA", "adminA", ...NET]);
const REFUSED = new Set<PrincipalName>(["deactivated", "removed"]);

const THREAD_STATES = ["live", "locked", "hidden", "deleted", "discussionOfHiddenCase", "discussionOfDeletedCase"] as const;
const REPLY_STATES = ["live", "hidden", "deleted", "redacted", "disposed", "inHiddenThread", "inDeletedThread"] as const;
const CASE_STATES = ["published", "draft", "hidden", "deleted"] as const;
const THREAD_SURFACES = ["get", "list", "posts", "search"] as const;
const REPLY_SURFACES = ["posts", "search"] as const;
const CASE_SURFACES = ["get", "list", "adoptions", "search"] as const;
type ThreadState = (typeof THREAD_STATES)[number];
type ReplyState = (typeof REPLY_STATES)[number];
type CaseState = (typeof CASE_STATES)[number];

function readsThread(p: PrincipalName, aud: Audience, s: ThreadState): boolean {
  const reads = READERS[aud].includes(p);
  switch (s) {
    case "live": case "locked": return reads;
    case "hidden": return reads && (p === "ambassadorA" || MODS.has(p));
    case "deleted": return reads && MODS.has(p);
    case "discussionOfHiddenCase": return reads && CASE_EDITORS.has(p);
    case "discussionOfDeletedCase": return reads && MODS.has(p);
  }
}
function expectThread(p: PrincipalName, aud: Audience, s: ThreadState, surface: (typeof THREAD_SURFACES)[number]): boolean {
  if (REFUSED.has(p)) return false;
  const full = readsThread(p, aud, s);
  switch (surface) {
    case "get": case "posts": return full;
    case "list": return full && s !== "deleted";
    case "search": return (s === "live" || s === "locked") && READERS[aud].includes(p);
  }
}
function expectReply(p: PrincipalName, aud: Audience, s: ReplyState, surface: (typeof REPLY_SURFACES)[number]): boolean {
  if (REFUSED.has(p)) return false;
  const reads = READERS[aud].includes(p);
  if (surface === "search") return s === "live" && reads;
  return {
    live: reads, hidden: reads && (p === "memberA" || MODS.has(p)), deleted: reads && MODS.has(p), redacted: false, disposed: false,
    inHiddenThread: reads && (p === "ambassadorA" || MODS.has(p)), inDeletedThread: reads && MODS.has(p),
  }[s];
}
function expectCase(p: PrincipalName, aud: Audience, s: CaseState, surface: (typeof CASE_SURFACES)[number]): boolean {
  if (REFUSED.has(p)) return false;
  const reads = READERS[aud].includes(p);
  const page = { published: reads, draft: reads && CASE_EDITORS.has(p), hidden: reads && CASE_EDITORS.has(p), deleted: reads && MODS.has(p) }[s];
  return surface === "get" || surface === "adoptions" ? page : s === "published" && reads;
}

let db: DB;
let destroy: () => Promise<void>;
let w: World;
let R: ApiRoutes;
const tokens = {} as Record<PrincipalName, string | null>;
const word = () => `ord${Array.from(randomBytes(8), (b) => "bcdfghjklmnpqrstvxz"[b % 19]).join("")}`;
const ctx = (p: PrincipalName) => ({ db, viewer: w.viewers[p], now: new Date() });
const act = async (p: PrincipalName, a: Record<string, unknown>) => {
  const r = await moderate(ctx(p), actionSchema.parse(a));
  if (!r.ok) throw new Error(`${JSON.stringify(a)}: ${r.error}`);
};
const refusedCalls: string[] = [];

/** GET through the API as p; for refused principals, asserts the 401 and answers null. */
async function get(p: PrincipalName, route: keyof ApiRoutes, path: string, params: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const r = await callApi(R[route], path, { token: tokens[p], params });
  expect(r.status, `${p} ${path}`).not.toBeGreaterThanOrEqual(500);
  if (REFUSED.has(p)) {
    if (r.status !== 401) refusedCalls.push(`${p} ${path}: ${r.status}`);
    return { status: r.status, body: null };
  }
  return { status: r.status, body: r.status === 200 ? await bodyOf(r) : null };
}

beforeAll(async () => {
  let url: string;
  ({ db, destroy, url } = await freshDatabase());
  process.env.DATABASE_URL = url;
  process.env.API_RATE_LIMIT_PER_MINUTE = "100000";
  process.env.API_ANON_RATE_LIMIT_PER_MINUTE = "100000";
  w = await createWorld(db);
  R = await loadApiRoutes();
  for (const p of PRINCIPALS) {
    if (p === "anonymous") tokens[p] = null;
    else if (REFUSED.has(p)) {
      // Tokens made while they were active (the settings page no longer offers them one).
      const token = `allm_${randomBytes(32).toString("base64url")}`;
      await db.insertInto("api_tokens").values({ user_id: w.userIds[p], name: "old", token_hash: apiTokenHash(token), scope: "write", expires_at: new Date(Date.now() + 86400_000), last_used_at: null, revoked_at: null }).execute();
      tokens[p] = token;
    } else tokens[p] = await tokenFor(db, w.viewers[p]!, "read");
  }
});
afterAll(async () => {
  expect(refusedCalls).toEqual([]);
  await closeDb();
  await destroy();
});

async function tag() {
  const slug = `tagg-${word()}`;
  await createForumTags(db, [{ slug, sv: slug, en: slug, area: "it" }]);
  return { slug, id: (await db.selectFrom("tags").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id };
}
const shares = (aud: Audience) => (aud === "chosen" ? [w.orgB.id] : []);

async function threadWithReply(aud: Audience) {
  const tg = await tag();
  const W = word();
  const RW = word();
  const t = await createThread(ctx("ambassadorA"), { kind: "question", title: `Fråga ${W}`, body: `Text ${W}`, tags: [tg.slug], orgId: w.orgA.id, audience: aud, sharedOrgIds: shares(aud) });
  if (!t.ok) throw new Error(JSON.stringify(t.errors));
  const r = await reply(ctx("memberA"), t.id, { body: `Svar ${RW}` });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { threadId: t.id, replyId: r.id, tag: tg.slug, W, RW };
}
async function caseOf(aud: Audience, state: "draft" | "published", tagId?: string) {
  const CW = word();
  const id = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, {
    intent: state === "draft" ? "save" : "publish", title: `Fall ${CW}`, visibility: aud === "chosen" ? "shared" : aud,
    shared_org_ids: shares(aud), tag_ids: tagId ? [tagId] : [],
  });
  return { id, CW };
}
function mismatches<S extends string>(table: Record<string, Record<S, boolean>>, expected: (p: PrincipalName, s: S) => boolean) {
  const out: string[] = [];
  for (const [p, row] of Object.entries(table)) {
    for (const [surface, got] of Object.entries(row) as [S, boolean][]) if (got !== expected(p as PrincipalName, surface)) out.push(`${p} · ${surface}: got ${got}`);
  }
  return out;
}
const hasId = (body: { items: { id: string }[] } | null, id: string) => Boolean(body?.items.some((x) => x.id === id));

describe("API matrix: threads", () => {
  const cells = AUDIENCES.flatMap((aud) => THREAD_STATES.map((s) => [aud, s] as const));
  it.each(cells)("%s · %s", async (aud, s) => {
    let threadId: string;
    let tagSlug: string;
    let W: string;
    if (s.startsWith("discussion")) {
      const tg = await tag();
      const c = await caseOf(aud, "published", tg.id);
      threadId = (await db.selectFrom("cases").select("discussion_thread_id").where("id", "=", c.id).executeTakeFirstOrThrow()).discussion_thread_id!;
      tagSlug = tg.slug;
      W = c.CW;
      if (s === "discussionOfHiddenCase") await act("moderatorA", { intent: "hide", targetType: "case", targetId: c.id, reason: "Felaktigt" });
      else if (!(await deleteCase(ctx("ambassadorA"), c.id))) throw new Error("deleteCase");
    } else {
      const t = await threadWithReply(aud);
      ({ threadId, tag: tagSlug, W } = t);
      if (s === "locked") await act("moderatorA", { intent: "lock", targetType: "thread", targetId: threadId });
      if (s === "hidden") await act("moderatorA", { intent: "hide", targetType: "thread", targetId: threadId, reason: "Dold" });
      if (s === "deleted" && !(await deleteThread(ctx("ambassadorA"), threadId)).ok) throw new Error("deleteThread");
    }
    await drainOutbox(db, null);
    const table: Record<string, Record<(typeof THREAD_SURFACES)[number], boolean>> = {};
    for (const p of PRINCIPALS) {
      const one = await get(p, "thread", `/api/v1/threads/${threadId}`, { id: threadId });
      const posts = await get(p, "posts", `/api/v1/threads/${threadId}/posts`, { id: threadId });
      const list = await get(p, "threads", `/api/v1/threads?tag=${tagSlug}&limit=100`);
      const search = await get(p, "search", `/api/v1/search?q=${W}`);
      table[p] = {
        get: one.status === 200 && one.body.id === threadId && one.body.title.includes(W),
        list: hasId(list.body, threadId),
        posts: posts.status === 200,
        search: Boolean(search.body?.items.some((h: { type: string; id: string }) => h.type === "thread" && h.id === threadId)),
      };
      // Exactly the page: the same title and the same visible replies for this reader.
      if (!REFUSED.has(p)) {
        const page = await getThreadPage(ctx(p), threadId);
        expect(one.status === 200, `${p}: API and page agree`).toBe(page !== null);
        if (page) expect(posts.body.items.map((x: { id: string }) => x.id).sort()).toEqual([...(page.accepted ? [page.accepted] : []), ...page.posts].map((x) => x.id).sort());
      }
    }
    expect(mismatches(table, (p, surface) => expectThread(p, aud, s, surface))).toEqual([]);
  });
});

describe("API matrix: replies", () => {
  const cells = AUDIENCES.flatMap((aud) => REPLY_STATES.map((s) => [aud, s] as const));
  it.each(cells)("%s · %s", async (aud, s) => {
    const t = await threadWithReply(aud);
    const post = { targetType: "post", targetId: t.replyId };
    if (s === "hidden") await act("moderatorA", { intent: "hide", ...post, reason: "Osakligt" });
    if (s === "deleted" && !(await deletePost(ctx("memberA"), t.replyId)).ok) throw new Error("deletePost");
    if (s === "redacted") await act("moderatorA", { intent: "redact", ...post, text: t.RW, reason: "Personuppgift" });
    if (s === "disposed") await act("networkAdmin", { intent: "dispose", ...post, decisionRef: "Dnr 2026/1" });
    if (s === "inHiddenThread") await act("moderatorA", { intent: "hide", targetType: "thread", targetId: t.threadId, reason: "Dold" });
    if (s === "inDeletedThread" && !(await deleteThread(ctx("ambassadorA"), t.threadId)).ok) throw new Error("deleteThread");
    await drainOutbox(db, null);
    const table: Record<string, Record<(typeof REPLY_SURFACES)[number], boolean>> = {};
    for (const p of PRINCIPALS) {
      const posts = await get(p, "posts", `/api/v1/threads/${t.threadId}/posts`, { id: t.threadId });
      const search = await get(p, "search", `/api/v1/search?q=${t.RW}`);
      table[p] = {
        posts: Boolean(posts.body?.items.some((x: { id: string; bodyHtml: string | null }) => x.id === t.replyId && (x.bodyHtml ?? "").includes(t.RW))),
        search: (search.body?.items.length ?? 0) > 0,
      };
    }
    expect(mismatches(table, (p, surface) => expectReply(p, aud, s, surface))).toEqual([]);
  });
});

describe("API matrix: cases", () => {
  const cells = AUDIENCES.flatMap((aud) => CASE_STATES.map((s) => [aud, s] as const));
  it.each(cells)("%s · %s", async (aud, s) => {
    const c = await caseOf(aud, s === "draft" ? "draft" : "published");
    if (s === "hidden") await act("moderatorA", { intent: "hide", targetType: "case", targetId: c.id, reason: "Felaktigt" });
    if (s === "deleted" && !(await deleteCase(ctx("ambassadorA"), c.id))) throw new Error("deleteCase");
    await drainOutbox(db, null);
    const table: Record<string, Record<(typeof CASE_SURFACES)[number], boolean>> = {};
    for (const p of PRINCIPALS) {
      const one = await get(p, "case", `/api/v1/cases/${c.id}`, { id: c.id });
      const adoptions = await get(p, "adoptions", `/api/v1/cases/${c.id}/adoptions`, { id: c.id });
      const list = await get(p, "cases", `/api/v1/cases?q=${c.CW}&limit=100`);
      const search = await get(p, "search", `/api/v1/search?q=${c.CW}`);
      table[p] = {
        get: one.status === 200 && one.body.title.includes(c.CW),
        list: hasId(list.body, c.id),
        adoptions: adoptions.status === 200,
        search: Boolean(search.body?.items.some((h: { type: string; id: string }) => h.type === "case" && h.id === c.id)),
      };
    }
    expect(mismatches(table, (p, surface) => expectCase(p, aud, s, surface))).toEqual([]);
  });
});
