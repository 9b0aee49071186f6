import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { caseDiscussion } from "../../app/cases/discussion.server";
import { deleteCase, getCase } from "../../app/cases/cases.server";
import { getThreadPage, getThreadPageOrTombstone } from "../../app/forum/page.server";
import { reply } from "../../app/forum/posts.server";
import { listTagsByArea } from "../../app/forum/tags.server";
import { countThreads, createThread, deleteThread, listThreads } from "../../app/forum/threads.server";
import { moderate } from "../../app/moderation/actions.server";
import { flagTarget } from "../../app/moderation/flags.server";
import { myNotices } from "../../app/moderation/notices.server";
import { actionSchema } from "../../app/moderation/schemas";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { makeCase } from "../support/cases";
import { createWorld, type PrincipalName, type World } from "../support/principals";

// Regression tests for issue 19, items 2, 3, 4 and 6: the *state* half of the read rule.
// Each of these failed on the code before the complete read rule (checked by running this file
// against the parent commit: 4 failing, see the report).
let db: DB;
let destroy: () => Promise<void>;
let w: World;
let n = 0;
const ctx = (p: PrincipalName) => ({ db, viewer: w.viewers[p], now: new Date() });
const act = (p: PrincipalName, a: Record<string, unknown>) => moderate(ctx(p), actionSchema.parse(a));

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
  await createForumTags(db);
});
afterAll(() => destroy());

async function thread(by: PrincipalName, title: string, tag = "kundtjanst") {
  const t = await createThread(ctx(by), { kind: "question", title, body: `Text ${title}`, tags: [tag], orgId: w.orgA.id, audience: "network", sharedOrgIds: [] });
  if (!t.ok) throw new Error(JSON.stringify(t.errors));
  return t.id;
}
async function replyTo(by: PrincipalName, threadId: string, body: string) {
  const r = await reply(ctx(by), threadId, { body });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.id;
}
const listed = async (p: PrincipalName, id: string) => (await listThreads(ctx(p), {}, null, 1000)).items.some((t) => t.id === id);

describe("item 2: a case's discussion thread follows the case's state", () => {
  async function caseWithDiscussion() {
    const tag = `fall-${++n}`;
    await createForumTags(db, [{ slug: tag, sv: `Fall ${n}`, en: `Case ${n}`, area: "customer_service" }]);
    const tagId = (await db.selectFrom("tags").select("id").where("slug", "=", tag).executeTakeFirstOrThrow()).id;
    const caseId = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { title: `Hemlig fallstudie ${n}`, tag_ids: [tagId] });
    const threadId = (await db.selectFrom("cases").select("discussion_thread_id").where("id", "=", caseId).executeTakeFirstOrThrow()).discussion_thread_id!;
    expect(threadId).toBeTruthy();
    await replyTo("memberB", threadId, "En fråga om fallet");
    return { caseId, threadId, tag };
  }
  const tagCount = async (p: PrincipalName, tag: string) =>
    (await listTagsByArea(ctx(p))).flatMap((g) => g.tags).find((t) => t.slug === tag)?.threadCount ?? 0;

  for (const change of ["hidden", "deleted"] as const) {
    it(`${change} case: its discussion leaves the page, lists, counts and tag pages of those who can't read the case`, async () => {
      const { caseId, threadId, tag } = await caseWithDiscussion();
      expect(await listed("memberB", threadId)).toBe(true);
      if (change === "hidden") expect((await act("moderatorA", { intent: "hide", targetType: "case", targetId: caseId, reason: "Felaktigt" })).ok).toBe(true);
      else expect(await deleteCase(ctx("ambassadorA"), caseId)).toBe(true);
      for (const p of ["anonymous", "memberA", "memberB"] as const) {
        expect(await getCase(ctx(p), caseId), `${p} case page`).toBeNull();
        expect(await getThreadPage(ctx(p), threadId), `${p} thread page`).toBeNull();
        expect(await caseDiscussion(ctx(p), threadId), `${p} discussion`).toBeNull();
        expect(await listed(p, threadId), `${p} list`).toBe(false);
        expect(await countThreads(ctx(p), { tags: [tag] }), `${p} count`).toBe(0);
        expect(await tagCount(p, tag), `${p} tag page count`).toBe(0);
        expect(await flagTarget(ctx(p), "thread", threadId), `${p} flag page`).toBeNull();
      }
      // Moderators in scope still see the case and its discussion.
      expect(await getCase(ctx("moderatorA"), caseId)).not.toBeNull();
      expect(await getThreadPage(ctx("moderatorA"), threadId)).not.toBeNull();
      if (change === "hidden") expect(await getThreadPage(ctx("ambassadorA"), threadId), "the case's editors").not.toBeNull();
    });
  }
});

describe("item 3: a deleted thread is a tombstone for readers, whole for moderators", () => {
  it("shows no title or reply on its page, in lists or on the flag page; moderators see all", async () => {
    const t = await thread("memberA", "Tråd som tas bort");
    const r = await replyTo("memberB", t, "Ett svar i en borttagen tråd");
    expect((await deleteThread(ctx("memberA"), t)).ok).toBe(true);
    for (const p of ["anonymous", "memberA", "memberB", "ambassadorA"] as const) {
      expect(await getThreadPage(ctx(p), t), `${p} page`).toBeNull();
      expect(await flagTarget(ctx(p), "thread", t), `${p} flag thread`).toBeNull();
      expect(await flagTarget(ctx(p), "post", r), `${p} flag reply`).toBeNull();
      expect(await listed(p, t)).toBe(false);
    }
    for (const p of ["anonymous", "memberA", "memberB", "ambassadorA"] as const) {
      // Signed out, a network thread was never readable: nothing at all, not even the tombstone.
      expect(await getThreadPageOrTombstone(ctx(p), t), `${p} tombstone`).toBe(p === "anonymous" ? null : "tombstone");
    }
    for (const p of ["moderatorA", "networkModerator"] as const) {
      const page = await getThreadPage(ctx(p), t);
      expect(page?.thread.title).toBe("Tråd som tas bort");
      expect(page?.posts.map((x) => x.id)).toContain(r);
    }
  });
});

describe("item 4: the flag page shows nothing of a reply inside a hidden thread", () => {
  it("answers not-found for the reply to readers who may not see the thread", async () => {
    const t = await thread("memberA", "Tråd som döljs");
    const r = await replyTo("memberB", t, "Svar med känsligt innehåll");
    expect((await flagTarget(ctx("memberB"), "post", r))?.excerpt).toContain("känsligt");
    expect((await act("moderatorA", { intent: "hide", targetType: "thread", targetId: t, reason: "Personuppgifter" })).ok).toBe(true);
    // memberB wrote the reply but cannot see the hidden thread any more; nor can other readers.
    for (const p of ["memberB", "ambassadorA", "networkModerator"] as const) {
      if (p === "networkModerator") expect(await flagTarget(ctx(p), "post", r)).not.toBeNull();
      else expect(await flagTarget(ctx(p), "post", r), `${p} flag reply`).toBeNull();
    }
    expect(await flagTarget(ctx("memberA"), "post", r), "the thread's author still sees it").not.toBeNull();
  });
});

describe("item 6: moderation notices show no title of an item the recipient can no longer read", () => {
  it("drops title and link once the reply's thread is hidden or deleted", async () => {
    for (const change of ["hide", "delete"] as const) {
      const title = `Notisens tråd ${change}`;
      const t = await thread("memberA", title);
      const r = await replyTo("memberB", t, "Ett svar som döljs");
      expect((await act("moderatorA", { intent: "hide", targetType: "post", targetId: r, reason: "Osakligt" })).ok).toBe(true);
      const before = (await myNotices(ctx("memberB"))).find((x) => x.targetId === r);
      expect(before?.title).toBe(title);
      if (change === "hide") expect((await act("moderatorA", { intent: "hide", targetType: "thread", targetId: t, reason: "Dold" })).ok).toBe(true);
      else expect((await deleteThread(ctx("memberA"), t)).ok).toBe(true);
      const after = (await myNotices(ctx("memberB"))).find((x) => x.targetId === r);
      expect(after, "the notice itself stays").toBeDefined();
      expect(after?.title).toBe("");
      expect(after?.href).toBeNull();
    }
  });
});
