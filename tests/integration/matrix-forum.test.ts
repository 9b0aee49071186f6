import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { getThreadPage } from "../../app/forum/page.server";
import { deletePost, editPost, reply, vote } from "../../app/forum/posts.server";
import { acceptAnswer } from "../../app/forum/qa.server";
import { listTagsByArea } from "../../app/forum/tags.server";
import { countThreads, createThread, listThreads } from "../../app/forum/threads.server";
import type { Audience } from "../../app/forum/types";
import { freshDatabase } from "../support/db";
import { createWorld, PRINCIPALS, type PrincipalName, type World } from "../support/principals";
import { createForumTags } from "../support/forum";

// Authorization matrix for threads and replies: every principal × every visibility × every
// action, against real PostgreSQL. A thread is asked by ambassadorA (Kommun A); the reply acted
// on is memberA's. "chosen" shares the organisation-only thread with Kommun B.
const ACTIONS = ["read", "list", "count", "reply", "edit", "delete", "accept", "vote", "listVotes", "listNewest", "listMine", "listWatching", "unread"] as const;
type Action = (typeof ACTIONS)[number];
const AUDIENCES_UNDER_TEST: Audience[] = ["organisation", "chosen", "network", "public"];

const A = ["memberA", "ambassadorA", "moderatorA", "adminA"] as const;
const NET = ["networkModerator", "networkAdmin"] as const;
const READERS: Record<Audience, readonly PrincipalName[]> = {
  organisation: A,
  chosen: [...A, "memberB"],
  network: [...A, "memberB", ...NET],
  public: PRINCIPALS,
};
const MEMBERS = new Set<PrincipalName>([...A, "memberB", ...NET]);
const MODERATORS = new Set<PrincipalName>(["moderatorA", "adminA", ...NET]);
/** Principals with a session (a deactivated or removed person has none). */
const SIGNED_IN = new Set<PrincipalName>(PRINCIPALS.filter((p) => !["anonymous", "deactivated", "removed"].includes(p)));

function expected(p: PrincipalName, aud: Audience, action: Action): boolean {
  const reads = READERS[aud].includes(p);
  const member = MEMBERS.has(p) && reads;
  const moderates = MODERATORS.has(p) && reads;
  switch (action) {
    case "read": case "list": case "count": case "listVotes": case "listNewest": return reads;
    // The list's own filters and read state (issue 16) never widen what a principal may list.
    case "listMine": return reads && p === "ambassadorA";
    case "listWatching": return reads && SIGNED_IN.has(p);
    // memberA's reply is new to every signed-in reader who opened the thread before it, except memberA.
    case "unread": return reads && SIGNED_IN.has(p) && p !== "memberA";
    case "reply": return member;
    case "edit": case "delete": return p === "memberA" || moderates;
    case "accept": return p === "ambassadorA" || moderates;
    case "vote": return member && p !== "memberA";
  }
}

let db: DB;
let destroy: () => Promise<void>;
let world: World;
let n = 0;
const ctx = (p: PrincipalName) => ({ db, viewer: world.viewers[p], now: new Date() });

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  world = await createWorld(db);
});
afterAll(() => destroy());

// A fresh thread (with its own tag, so counts are exact) and one reply by memberA.
async function setup(aud: Audience) {
  const tag = `matrix-${++n}`;
  await createForumTags(db, [{ slug: tag, sv: `Matris ${n}`, en: `Matrix ${n}`, area: "it" }]);
  const t = await createThread(ctx("ambassadorA"), {
    kind: "question", title: `Matrisfråga ${n}`, body: "Text", tags: [tag], orgId: world.orgA.id, audience: aud,
    sharedOrgIds: aud === "chosen" ? [world.orgB.id] : [],
  });
  if (!t.ok) throw new Error(JSON.stringify(t.errors));
  const r = await reply(ctx("memberA"), t.id, { body: "Svar" });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { threadId: t.id, postId: r.id, tag };
}

async function attempt(p: PrincipalName, aud: Audience, action: Action): Promise<boolean> {
  const { threadId, postId, tag } = await setup(aud);
  const c = ctx(p);
  switch (action) {
    case "read": return (await getThreadPage(c, threadId)) !== null;
    case "list": return (await listThreads(c, {}, null, 1000)).items.some((t) => t.id === threadId);
    case "count": {
      const n1 = await countThreads(c, { tags: [tag] });
      const n2 = (await listTagsByArea(c)).flatMap((g) => g.tags).find((x) => x.slug === tag)?.threadCount;
      expect(n1, "thread count and tag count agree").toBe(n2);
      return n1 === 1;
    }
    case "reply": return (await reply(c, threadId, { body: "Hej" })).ok;
    case "edit": return (await editPost(c, postId, { body: "Ändrad text", reason: "" })).ok;
    case "delete": return (await deletePost(c, postId)).ok;
    case "accept": return (await acceptAnswer(c, threadId, postId)).ok;
    case "vote": return (await vote(c, postId, true)).ok;
    case "listVotes": return (await listThreads(c, {}, null, 1000, { sort: "votes" })).items.some((t) => t.id === threadId);
    case "listNewest": return (await listThreads(c, {}, null, 1000, { sort: "newest" })).items.some((t) => t.id === threadId);
    case "listMine": return (await listThreads(c, { mine: true }, null, 1000)).items.some((t) => t.id === threadId);
    case "listWatching": {
      // A watch row, even on a thread the principal may not read, must not list it.
      const v = world.viewers[p];
      if (v) await db.insertInto("watches").values({ user_id: v.id, target_type: "thread", target_id: threadId, level: "watching" }).onConflict((oc) => oc.doNothing()).execute();
      return (await listThreads(c, { watching: true }, null, 1000)).items.some((t) => t.id === threadId);
    }
    case "unread": {
      // A read mark from before the reply, even on a thread the principal may not read.
      const v = world.viewers[p];
      if (v) await db.insertInto("thread_reads").values({ thread_id: threadId, user_id: v.id, last_read_number: 0 }).execute();
      const item = (await listThreads(c, {}, null, 1000)).items.find((t) => t.id === threadId);
      return (item?.newReplies ?? 0) === 1;
    }
  }
}

const CASES = PRINCIPALS.flatMap((p) => AUDIENCES_UNDER_TEST.flatMap((aud) => ACTIONS.map((action) => [p, aud, action, expected(p, aud, action)] as const)));

describe("forum authorization matrix", () => {
  it("covers every principal, visibility and action", () => {
    expect(CASES).toHaveLength(PRINCIPALS.length * 4 * ACTIONS.length);
  });
  it.each(CASES)("%s · %s · %s → %s", async (p, aud, action, allowed) => {
    expect(await attempt(p, aud, action)).toBe(allowed);
  });
});
