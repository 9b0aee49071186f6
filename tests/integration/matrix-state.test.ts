import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { deleteCase, getCase } from "../../app/cases/cases.server";
import { exportCases } from "../../app/cases/export.server";
import { latestCases, listCases, listOrgCases } from "../../app/cases/listing.server";
import { parseListQuery } from "../../app/cases/schemas";
import { getThreadPage } from "../../app/forum/page.server";
import { deletePost, reply } from "../../app/forum/posts.server";
import { listTagsByArea } from "../../app/forum/tags.server";
import { countThreads, createThread, deleteThread, listOrgThreads, listThreads, listUnsolvedQuestions } from "../../app/forum/threads.server";
import type { Audience } from "../../app/forum/types";
import { moderate } from "../../app/moderation/actions.server";
import { flagTarget } from "../../app/moderation/flags.server";
import { actionSchema } from "../../app/moderation/schemas";
import { searchParamsSchema } from "../../app/search/schemas";
import { searchForViewer, suggestForViewer } from "../../app/search/search.server";
import { drainOutbox } from "../../search/worker";
import { makeCase } from "../support/cases";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { createWorld, PRINCIPALS, type PrincipalName, type World } from "../support/principals";

// The state axis of the authorization matrix: every principal × visibility × state × read
// surface, with the expected outcome written out by hand below (not computed by the policy under
// test). The thread is ambassadorA's (Kommun A), its reply memberA's, the case ambassadorA's.
// "chosen" shares the organisation-only item with Kommun B.
const AUDIENCES: Audience[] = ["organisation", "chosen", "network", "public"];
const A = ["memberA", "ambassadorA", "moderatorA", "adminA"] as const;
const NET = ["networkModerator", "networkAdmin"] as const;
const READERS: Record<Audience, readonly PrincipalName[]> = {
  organisation: A, chosen: [...A, "memberB"], network: [...A, "memberB", ...NET], public: PRINCIPALS,
};
const MODS = new Set<PrincipalName>(["moderatorA", "adminA", ...NET]);
const CASE_EDITORS = new Set<PrincipalName>(["ambassadorA", "moderatorA", "adminA", ...NET]);
const SIGNED_IN = new Set<PrincipalName>([...A, "memberB", ...NET]);

const THREAD_STATES = ["live", "locked", "hidden", "deleted", "discussionOfHiddenCase", "discussionOfDeletedCase"] as const;
const REPLY_STATES = ["live", "hidden", "deleted", "redacted", "disposed", "inHiddenThread", "inDeletedThread"] as const;
const CASE_STATES = ["published", "draft", "hidden", "deleted"] as const;
const THREAD_SURFACES = ["page", "list", "count", "tagPage", "orgPage", "homeWidget", "flagPage", "search", "suggest"] as const;
const REPLY_SURFACES = ["page", "flagPage", "search", "suggest"] as const;
const CASE_SURFACES = ["page", "list", "count", "facets", "export", "orgPage", "homeWidget", "flagPage", "search", "suggest"] as const;
type ThreadState = (typeof THREAD_STATES)[number];
type ReplyState = (typeof REPLY_STATES)[number];
type CaseState = (typeof CASE_STATES)[number];

/** Who reads the thread in full, by hand: the rule written out for this matrix. */
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
  const full = readsThread(p, aud, s);
  const live = s === "live" || s === "locked";
  switch (surface) {
    case "page": return full;
    case "list": case "count": case "tagPage": case "orgPage": return full && s !== "deleted";
    case "homeWidget": return full && s !== "deleted" && !s.startsWith("discussion");
    // A removed thread can't be flagged (issue 16: its tombstone offers no flag), not even by the moderators who still see it.
    case "flagPage": return full && SIGNED_IN.has(p) && s !== "deleted";
    // The index holds live items only, and shows them by visibility.
    case "search": case "suggest": return live && READERS[aud].includes(p);
  }
}
function expectReply(p: PrincipalName, aud: Audience, s: ReplyState, surface: (typeof REPLY_SURFACES)[number]): boolean {
  const reads = READERS[aud].includes(p);
  const text = {
    live: reads, hidden: reads && (p === "memberA" || MODS.has(p)), deleted: reads && MODS.has(p), redacted: false, disposed: false,
    inHiddenThread: reads && (p === "ambassadorA" || MODS.has(p)), inDeletedThread: reads && MODS.has(p),
  }[s];
  if (surface === "page") return text;
  if (surface === "flagPage") return text && SIGNED_IN.has(p) && s !== "deleted" && s !== "inDeletedThread"; // nothing removed is flagged
  return s === "live" && reads;
}
function expectCase(p: PrincipalName, aud: Audience, s: CaseState, surface: (typeof CASE_SURFACES)[number]): boolean {
  const reads = READERS[aud].includes(p);
  const page = { published: reads, draft: reads && CASE_EDITORS.has(p), hidden: reads && CASE_EDITORS.has(p), deleted: reads && MODS.has(p) }[s];
  switch (surface) {
    case "page": return page;
    case "orgPage": return page && s !== "deleted";
    case "flagPage": return page && SIGNED_IN.has(p) && s !== "deleted"; // nothing removed is flagged
    default: return s === "published" && reads;
  }
}

let db: DB;
let destroy: () => Promise<void>;
let w: World;
const word = () => `ord${Array.from(randomBytes(8), (b) => "bcdfghjklmnpqrstvxz"[b % 19]).join("")}`;
const ctx = (p: PrincipalName) => ({ db, viewer: w.viewers[p], now: new Date() });
const act = async (p: PrincipalName, a: Record<string, unknown>) => {
  const r = await moderate(ctx(p), actionSchema.parse(a));
  if (!r.ok) throw new Error(`${JSON.stringify(a)}: ${r.error}`);
};
const search = async (p: PrincipalName, q: string) => (await searchForViewer(ctx(p), searchParamsSchema.parse({ q }), "sv")).hits;
const suggests = async (p: PrincipalName, q: string) => (await suggestForViewer(ctx(p), q.slice(0, 7))).includes(q);

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
});
afterAll(() => destroy());

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

async function threadSurfaces(p: PrincipalName, threadId: string, tagSlug: string, W: string, isQuestion: boolean) {
  const c = ctx(p);
  const has = (items: { id: string }[]) => items.some((x) => x.id === threadId);
  const tagCount = (await listTagsByArea(c)).flatMap((g) => g.tags).find((x) => x.slug === tagSlug)?.threadCount ?? 0;
  return {
    page: (await getThreadPage(c, threadId)) !== null,
    list: has((await listThreads(c, {}, null, 1000)).items),
    count: (await countThreads(c, { tags: [tagSlug] })) === 1,
    tagPage: tagCount === 1 && has((await listThreads(c, { tags: [tagSlug] }, null, 100)).items),
    orgPage: has(await listOrgThreads(c, w.orgA.id, 1000)),
    homeWidget: isQuestion ? has(await listUnsolvedQuestions(c, 1000)) : false,
    flagPage: (await flagTarget(c, "thread", threadId)) !== null,
    search: (await search(p, W)).some((h) => h.type === "thread" && h.id === threadId),
    suggest: await suggests(p, W),
  };
}

function mismatches<S extends string>(table: Record<string, Record<S, boolean>>, expected: (p: PrincipalName, s: S) => boolean) {
  const out: string[] = [];
  for (const [p, row] of Object.entries(table)) {
    for (const [surface, got] of Object.entries(row) as [S, boolean][]) {
      if (got !== expected(p as PrincipalName, surface)) out.push(`${p} · ${surface}: got ${got}`);
    }
  }
  return out;
}

describe("state matrix: threads", () => {
  const cells = AUDIENCES.flatMap((aud) => THREAD_STATES.map((s) => [aud, s] as const));
  it.each(cells)("%s · %s", async (aud, s) => {
    let threadId: string;
    let tagSlug: string;
    let W: string;
    let isQuestion = true;
    if (s.startsWith("discussion")) {
      const tg = await tag();
      const c = await caseOf(aud, "published", tg.id);
      threadId = (await db.selectFrom("cases").select("discussion_thread_id").where("id", "=", c.id).executeTakeFirstOrThrow()).discussion_thread_id!;
      tagSlug = tg.slug;
      W = c.CW;
      isQuestion = false;
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
    for (const p of PRINCIPALS) table[p] = await threadSurfaces(p, threadId, tagSlug, W, isQuestion);
    expect(mismatches(table, (p, surface) => expectThread(p, aud, s, surface))).toEqual([]);
  });
});

describe("state matrix: replies", () => {
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
      const page = await getThreadPage(ctx(p), t.threadId);
      const shown = [page?.accepted, ...(page?.posts ?? [])].some((x) => x?.id === t.replyId && (x.bodyHtml ?? "").includes(t.RW));
      const flag = await flagTarget(ctx(p), "post", t.replyId);
      table[p] = {
        page: shown,
        flagPage: Boolean(flag?.excerpt.includes(t.RW)),
        search: (await search(p, t.RW)).length > 0,
        suggest: await suggests(p, t.RW),
      };
    }
    expect(mismatches(table, (p, surface) => expectReply(p, aud, s, surface))).toEqual([]);
  });
});

describe("state matrix: cases", () => {
  const cells = AUDIENCES.flatMap((aud) => CASE_STATES.map((s) => [aud, s] as const));
  it.each(cells)("%s · %s", async (aud, s) => {
    const c = await caseOf(aud, s === "draft" ? "draft" : "published");
    if (s === "hidden") await act("moderatorA", { intent: "hide", targetType: "case", targetId: c.id, reason: "Felaktigt" });
    if (s === "deleted" && !(await deleteCase(ctx("ambassadorA"), c.id))) throw new Error("deleteCase");
    await drainOutbox(db, null);
    const q = parseListQuery(new URLSearchParams({ q: c.CW }));
    const table: Record<string, Record<(typeof CASE_SURFACES)[number], boolean>> = {};
    for (const p of PRINCIPALS) {
      const x = ctx(p);
      const list = await listCases(x, q);
      table[p] = {
        page: (await getCase(x, c.id)) !== null,
        list: list.cases.some((k) => k.id === c.id),
        count: list.total === 1,
        facets: (list.facets.org.find((f) => f.value === w.orgA.id)?.count ?? 0) === 1,
        export: (await exportCases(x, "http://localhost")).some((k) => k.id === c.id),
        orgPage: (await listOrgCases(x, w.orgA.id)).some((k) => k.id === c.id),
        homeWidget: (await latestCases(x, 50)).some((k) => k.id === c.id),
        flagPage: (await flagTarget(x, "case", c.id)) !== null,
        search: (await search(p, c.CW)).some((h) => h.type === "case" && h.id === c.id),
        suggest: await suggests(p, c.CW),
      };
    }
    expect(mismatches(table, (p, surface) => expectCase(p, aud, s, surface))).toEqual([]);
  });
});
