import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import type { Viewer } from "../../app/policy";
import { createThread } from "../../app/forum/threads.server";
import { reply } from "../../app/forum/posts.server";
import { acceptAnswer } from "../../app/forum/qa.server";
import { deleteCase } from "../../app/cases/cases.server";
import { moderate } from "../../app/moderation/actions.server";
import { actionSchema } from "../../app/moderation/schemas";
import { searchWithFallback, suggestWords } from "../../search/engine";
import { drainOutbox, pendingCount } from "../../search/worker";
import { bulkReindexPostgres, reindex } from "../../search/cli/reindex";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { makeCase } from "../support/cases";
import { createWorld, type World } from "../support/principals";
import { req } from "../support/search";

// Issue 19 item 7: a state change (hidden, disposed, redacted, case hidden or deleted) reaches
// every search document that shows the item, and only readable state is ever indexed.

let db: DB;
let destroy: () => Promise<void>;
let w: World;
const ctx = (v: Viewer | null) => ({ db, viewer: v, now: new Date() });
const act = async (who: keyof World["viewers"], input: Record<string, string>) => {
  const r = await moderate(ctx(w.viewers[who]), actionSchema.parse(input));
  expect(r.ok, JSON.stringify(r)).toBe(true);
};

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
  await createForumTags(db);
});
afterAll(() => destroy());

/** Every engine path a reader reaches a word through: hits (titles, bodies), suggestions, facets. */
async function reach(word: string, who: keyof World["viewers"] = "memberB") {
  await drainOutbox(db, null);
  expect(await pendingCount(db)).toBe(0);
  const v = w.viewers[who];
  const r = await searchWithFallback(db, req(word), v, null);
  const suggested = await suggestWords(db, word.slice(0, -2), v);
  const rows = await db.selectFrom("search_documents").select(["doc_type", "doc_id"])
    .where((eb) => eb.or([eb("title", "ilike", `%${word}%`), eb("parent_title", "ilike", `%${word}%`), eb("summary", "ilike", `%${word}%`), eb("body", "ilike", `%${word}%`)]))
    .execute();
  return { hits: r.total, kinds: r.facets.kind.reduce((n, f) => n + f.count, 0), suggested: suggested.includes(word), docs: rows.length };
}

const NOWHERE = { hits: 0, kinds: 0, suggested: false, docs: 0 };

/** A network question by memberA with an accepted answer (by ambassadorA) carrying `word`. */
async function answeredQuestion(word: string) {
  const t = await createThread(ctx(w.viewers.memberA), {
    kind: "question", title: "Hur skriver ni beslutsunderlag med AI?", body: "Vi vill veta hur andra kommuner gör.",
    tags: ["kundtjanst"], orgId: w.orgA.id, audience: "network", sharedOrgIds: [],
  });
  if (!t.ok) throw new Error(JSON.stringify(t));
  const p = await reply(ctx(w.viewers.ambassadorA), t.id, { body: `Vi använder ${word} för utkasten och granskar allt.` });
  if (!p.ok) throw new Error(JSON.stringify(p));
  expect((await acceptAnswer(ctx(w.viewers.memberA), t.id, p.id)).ok).toBe(true);
  return { threadId: t.id, postId: p.id };
}

describe("accepted answers in their question's document", () => {
  it("a hidden accepted answer is no longer found through its question", async () => {
    const word = "kvantmolnsverktyget";
    const { postId } = await answeredQuestion(word);
    const before = await reach(word);
    expect(before.hits).toBeGreaterThan(0);
    expect(before.suggested).toBe(true);
    await act("moderatorA", { intent: "hide", targetType: "post", targetId: postId, reason: "Personuppgifter i svaret" });
    expect(await reach(word)).toEqual(NOWHERE);
    expect(await reach(word, "networkModerator")).toEqual(NOWHERE);
    // Restoring brings it back in both documents.
    await act("moderatorA", { intent: "restore", targetType: "post", targetId: postId, reason: "Rättat" });
    expect((await reach(word)).docs).toBe(2);
  });

  it("a disposed (gallrad) accepted answer is gone from its question's document", async () => {
    const word = "gallringsprismatron";
    const { postId } = await answeredQuestion(word);
    expect((await reach(word)).hits).toBeGreaterThan(0);
    await act("networkAdmin", { intent: "dispose", targetType: "post", targetId: postId, decisionRef: "KS 2026/123" });
    expect(await reach(word)).toEqual(NOWHERE);
  });

  it("a redacted word in an accepted answer is gone from its question's document", async () => {
    const word = "personnummerfyndet";
    const { postId } = await answeredQuestion(word);
    expect((await reach(word)).docs).toBe(2);
    await act("moderatorA", { intent: "redact", targetType: "post", targetId: postId, text: word, reason: "Personuppgifter" });
    expect(await reach(word)).toEqual(NOWHERE);
  });

  it("a new reply makes its question answered in search (the thread's document is rebuilt too)", async () => {
    const word = "obesvaradfraga";
    const t = await createThread(ctx(w.viewers.memberA), {
      kind: "question", title: `Hur gör ni med ${word}?`, body: "Vi vill veta hur andra kommuner gör.",
      tags: ["kundtjanst"], orgId: w.orgA.id, audience: "network", sharedOrgIds: [],
    });
    if (!t.ok) throw new Error(JSON.stringify(t));
    const unanswered = async () => (await searchWithFallback(db, req(word, { answered: "unanswered" }), w.viewers.memberB, null)).total;
    await drainOutbox(db, null);
    expect(await unanswered()).toBe(1);
    expect((await reply(ctx(w.viewers.ambassadorA), t.id, { body: "Vi har ett svar." })).ok).toBe(true);
    await drainOutbox(db, null);
    expect(await unanswered()).toBe(0);
  });

  it("a full reindex builds the same readable state", async () => {
    const word = "omindexeringsfallet";
    const { postId } = await answeredQuestion(word);
    await act("moderatorA", { intent: "hide", targetType: "post", targetId: postId, reason: "Personuppgifter i svaret" });
    await reindex(db, "postgres", false);
    expect(await reach(word)).toEqual(NOWHERE);
  });
});

describe("a case's title in its discussion thread", () => {
  async function publishedCase(word: string) {
    const id = await makeCase(db, w.viewers.adminA!, w.orgA.id, { title: `Fallet ${word} i växeln` });
    const c = await db.selectFrom("cases").select(["discussion_thread_id"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(c.discussion_thread_id).not.toBeNull();
    const r = await reply(ctx(w.viewers.memberA), c.discussion_thread_id!, { body: "En fråga om fallet." });
    expect(r.ok).toBe(true);
    const before = await reach(word);
    // The case itself, its discussion thread and the reply (whose hit shows the thread's title).
    expect(before.docs).toBe(3);
    expect(before.hits).toBeGreaterThan(0);
    return { id, threadId: c.discussion_thread_id! };
  }

  it("a hidden case's title is found nowhere, and comes back when restored", async () => {
    const word = "hemligviskningen";
    const { id } = await publishedCase(word);
    await act("moderatorA", { intent: "hide", targetType: "case", targetId: id, reason: "Under granskning" });
    expect(await reach(word)).toEqual(NOWHERE);
    expect(await reach(word, "networkModerator")).toEqual(NOWHERE);
    expect((await reach(word, "memberA")).docs).toBe(0);
    await act("moderatorA", { intent: "restore", targetType: "case", targetId: id, reason: "Klart" });
    expect((await reach(word)).docs).toBe(3);
  });

  it("a deleted case's title is found nowhere, also after a full reindex", async () => {
    const word = "raderingsfallet";
    const { id } = await publishedCase(word);
    expect(await deleteCase(ctx(w.viewers.adminA), id)).toBe(true);
    expect(await reach(word)).toEqual(NOWHERE);
    await reindex(db, "postgres", false);
    expect(await reach(word)).toEqual(NOWHERE);
  });

  it("a disposed (gallrad) case takes its discussion thread and its replies along", async () => {
    const word = "gallringsfallet";
    const { id, threadId } = await publishedCase(word);
    await act("networkAdmin", { intent: "dispose", targetType: "case", targetId: id, decisionRef: "KS 2026/77" });
    expect(await db.selectFrom("threads").select("id").where("id", "=", threadId).executeTakeFirst()).toBeUndefined();
    expect(await reach(word)).toEqual(NOWHERE);
    const entry = await db.selectFrom("audit_log").select(["details"]).where("action", "=", "case.gallring").where("target_id", "=", id).executeTakeFirstOrThrow();
    expect(entry.details).toMatchObject({ discussionThreadId: threadId, replies: 1 });
  });

  it("a hidden case's discussion stays out of search when the thread itself changes", async () => {
    const word = "efterhandsredigerat";
    const { id, threadId } = await publishedCase(word);
    await act("moderatorA", { intent: "hide", targetType: "case", targetId: id, reason: "Under granskning" });
    // A reply added to the thread afterwards must not bring the thread back.
    await act("moderatorA", { intent: "lock", targetType: "thread", targetId: threadId, reason: "" });
    await act("moderatorA", { intent: "retag", targetType: "thread", targetId: threadId, tags: "kundtjanst gdpr", reason: "" });
    expect(await reach(word)).toEqual(NOWHERE);
  });
});

describe("the set-based bulk build", () => {
  it("applies the same readable-state rule as the document builders", async () => {
    const answer = "bulkbyggetsvaret";
    const { postId } = await answeredQuestion(answer);
    await act("moderatorA", { intent: "hide", targetType: "post", targetId: postId, reason: "Personuppgifter i svaret" });
    const title = "bulkbyggetsfallet";
    const id = await makeCase(db, w.viewers.adminA!, w.orgA.id, { title: `Fallet ${title} i växeln` });
    await act("moderatorA", { intent: "hide", targetType: "case", targetId: id, reason: "Under granskning" });
    const live = "bulkbyggetlever";
    await answeredQuestion(live);
    await drainOutbox(db, null);
    await sql`DELETE FROM search_documents`.execute(db);
    await bulkReindexPostgres(db, false);
    expect(await reach(answer)).toEqual(NOWHERE);
    expect(await reach(title)).toEqual(NOWHERE);
    expect((await reach(live)).docs).toBe(2);
  });
});
