import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import type { Viewer } from "../../app/policy";
import { createThread, deleteThread, editThread, listThreads, countThreads, listOrgThreads } from "../../app/forum/threads.server";
import { deletePost, editPost, reply, vote } from "../../app/forum/posts.server";
import { acceptAnswer, setHaveQuestionToo } from "../../app/forum/qa.server";
import { getThreadPage, getThreadPageOrTombstone } from "../../app/forum/page.server";
import { createTag, listTagsByArea, mergeTag, updateTag } from "../../app/forum/tags.server";
import { freshDatabase } from "../support/db";
import { createOrg, createUser, viewerFor } from "../support/factories";
import { createForumTags } from "../support/forum";
import { runEventJobs } from "../support/jobs";

let db: DB;
let url: string;
let destroy: () => Promise<void>;
let orgA: { id: string }, orgB: { id: string };
let asker: Viewer, answerer: Viewer, other: Viewer, moderator: Viewer, ambassador: Viewer;
const ctx = (viewer: Viewer | null, now = new Date()) => ({ db, viewer, now });

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  await createForumTags(db);
  orgA = await createOrg(db);
  orgB = await createOrg(db);
  asker = await viewerFor(db, (await createUser(db, { orgId: orgA.id })).id);
  answerer = await viewerFor(db, (await createUser(db, { orgId: orgA.id })).id);
  moderator = await viewerFor(db, (await createUser(db, { orgId: orgA.id, role: "moderator" })).id);
  ambassador = await viewerFor(db, (await createUser(db, { orgId: orgA.id, role: "ambassador" })).id);
  other = await viewerFor(db, (await createUser(db, { orgId: orgB.id })).id);
});
afterAll(() => destroy());

const good = () => ({ kind: "question" as const, title: "Hur inför vi en chattbot?", body: "Vi funderar på **kundtjänst**.", tags: ["kundservice", "GDPR"], orgId: orgA.id, audience: "network" as const, sharedOrgIds: [] });

async function outboxCount() {
  const r = await db.selectFrom("search_outbox").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe("creating threads", () => {
  it("creates a question, maps synonyms to tags, records a search change and watches it", async () => {
    const before = await outboxCount();
    const r = await createThread(ctx(asker), good());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.slug).toBe("hur-infor-vi-en-chattbot");
    const page = await getThreadPage(ctx(asker), r.id);
    expect(page?.thread.tags.map((t) => t.slug).sort()).toEqual(["gdpr", "kundtjanst"]);
    expect(page?.thread.bodyHtml).toContain("<strong>kundtjänst</strong>");
    expect(page?.thread.viewer.watching).toBe(true);
    expect(await outboxCount()).toBe(before + 1);
  });

  it.each([
    ["empty title", { title: "" }, "title", "form.tooShort"],
    ["short title", { title: "Hej" }, "title", "form.tooShort"],
    ["oversized title", { title: "x".repeat(151) }, "title", "form.tooLong"],
    ["empty body", { body: "   " }, "body", "form.required"],
    ["oversized body", { body: "x".repeat(50_001) }, "body", "form.tooLong"],
    ["no tags", { tags: [] }, "tags", "forum:errors.tagsRequired"],
    ["too many tags", { tags: ["a", "b", "c", "d", "e", "f"] }, "tags", "forum:errors.tagsTooMany"],
    ["unknown tag", { tags: ["kundtjänst", "finnsinte"] }, "tags", "forum:errors.unknownTags"],
    ["an organisation not theirs", { orgId: "999999" }, "orgId", "forum:errors.orgNotYours"],
    ["public as a plain member", { audience: "public" }, "audience", "forum:errors.audienceNotAllowed"],
    ["chosen organisations without any", { audience: "chosen", sharedOrgIds: [] }, "sharedOrgIds", "forum:errors.chooseOrgs"],
    ["an unknown audience", { audience: "everyone" }, "audience", "form.invalid"],
  ])("refuses %s with a field error", async (_name, patch, field, key) => {
    const r = await createThread(ctx(asker), { ...good(), ...(patch as object) } as never);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[field]?.[0]?.key).toBe(key);
  });

  it("lets an ambassador publish publicly, and refuses the signed-out", async () => {
    expect((await createThread(ctx(ambassador), { ...good(), orgId: orgA.id, audience: "public" })).ok).toBe(true);
    const r = await createThread(ctx(null), good());
    expect(r.ok).toBe(false);
  });

  it("stores HTML and script in Markdown as text", async () => {
    const r = await createThread(ctx(asker), { ...good(), body: '<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1))' });
    if (!r.ok) throw new Error("expected ok");
    const page = await getThreadPage(ctx(asker), r.id);
    expect(page!.thread.bodyHtml).not.toMatch(/<script|<img|href="javascript/i);
    expect(page!.thread.bodyMd).toContain("<script>");
  });
});

describe("organisation-only threads", () => {
  it("are invisible to other organisations in lists, counts, tag counts and pages", async () => {
    const r = await createThread(ctx(asker), { ...good(), title: "Internt: vår chattbot", audience: "organisation", tags: ["chattbottar"] });
    if (!r.ok) throw new Error("expected ok");
    const mine = await listThreads(ctx(asker), { tags: ["chattbottar"] });
    const theirs = await listThreads(ctx(other), { tags: ["chattbottar"] });
    expect(mine.items.map((t) => t.id)).toContain(r.id);
    expect(theirs.items.map((t) => t.id)).not.toContain(r.id);
    expect(await countThreads(ctx(asker), { tags: ["chattbottar"] })).toBe(1);
    expect(await countThreads(ctx(other), { tags: ["chattbottar"] })).toBe(0);
    const count = async (v: Viewer | null) =>
      (await listTagsByArea(ctx(v))).flatMap((g) => g.tags).find((t) => t.slug === "chattbottar")?.threadCount;
    expect(await count(asker)).toBe(1);
    expect(await count(other)).toBe(0);
    expect(await getThreadPage(ctx(other), r.id)).toBeNull();
    expect((await listOrgThreads(ctx(other), orgA.id, 50)).map((t) => t.id)).not.toContain(r.id);
    expect((await reply(ctx(other), r.id, { body: "Hej" })).ok).toBe(false);
  });

  it("shares with chosen organisations", async () => {
    const r = await createThread(ctx(asker), { ...good(), audience: "chosen", sharedOrgIds: [orgB.id] });
    if (!r.ok) throw new Error("expected ok");
    const page = await getThreadPage(ctx(other), r.id);
    expect(page?.thread.access.sharedWith.map((o) => o.id)).toEqual([orgB.id]);
  });
});

describe("replies, Q&A and votes", () => {
  it("numbers replies, keeps counters, orders answers and accepts one", async () => {
    const t = await createThread(ctx(asker), good());
    if (!t.ok) throw new Error("expected ok");
    const r1 = await reply(ctx(answerer, new Date(Date.now() + 1000)), t.id, { body: "Första svaret" });
    const r2 = await reply(ctx(other), t.id, { body: "Andra svaret" });
    const r3 = await reply(ctx(moderator), t.id, { body: "Tredje svaret" });
    if (!r1.ok || !r2.ok || !r3.ok) throw new Error("expected ok");
    expect([r1.number, r2.number, r3.number]).toEqual([1, 2, 3]);
    expect((await vote(ctx(asker), r3.id, true)).ok).toBe(true);
    expect((await vote(ctx(other), r3.id, true)).ok).toBe(true);
    expect((await vote(ctx(answerer), r1.id, true)).ok).toBe(false); // own reply
    expect((await setHaveQuestionToo(ctx(other), t.id, true)).ok).toBe(true);
    let page = await getThreadPage(ctx(asker), t.id);
    expect(page!.thread.replyCount).toBe(3);
    expect(page!.thread.followerCount).toBe(1);
    expect(page!.posts.map((p) => p.number)).toEqual([3, 1, 2]);
    expect((await acceptAnswer(ctx(other), t.id, r2.id)).ok).toBe(false);
    expect((await acceptAnswer(ctx(asker), t.id, r2.id)).ok).toBe(true);
    page = await getThreadPage(ctx(asker), t.id);
    expect(page!.accepted?.number).toBe(2);
    expect(page!.posts.map((p) => p.number)).toEqual([3, 1]);
    // Notifications follow in the event job (the answerer, who also has the question, is told once, as the answerer).
    await runEventJobs(db, url);
    const notes = await db.selectFrom("notifications").selectAll().where("thread_id", "=", t.id).where("kind", "in", ["question_solved", "answer_accepted"]).execute();
    expect(notes.map((n) => [n.user_id, n.kind])).toEqual([[other.id, "answer_accepted"]]);
    // a moderator changes it
    expect((await acceptAnswer(ctx(moderator), t.id, r1.id)).ok).toBe(true);
    expect((await getThreadPage(ctx(asker), t.id))!.accepted?.number).toBe(1);
    const solved = await listThreads(ctx(asker), { status: "solved" });
    expect(solved.items.map((x) => x.id)).toContain(t.id);
    const open = await listThreads(ctx(asker), { status: "unanswered" });
    expect(open.items.map((x) => x.id)).not.toContain(t.id);
  });

  it("keeps revisions of edits readers can see, and soft-deletes with the text kept for moderators", async () => {
    const t = await createThread(ctx(asker), good());
    if (!t.ok) throw new Error("expected ok");
    const r = await reply(ctx(answerer), t.id, { body: "Version ett" });
    if (!r.ok) throw new Error("expected ok");
    expect((await editPost(ctx(answerer), r.id, { body: "Version två", reason: "Förtydligande" })).ok).toBe(true);
    expect((await editPost(ctx(other), r.id, { body: "Kapat" })).ok).toBe(false);
    expect((await editThread(ctx(asker), t.id, { title: "Ny titel på frågan", body: "Ny text" })).ok).toBe(true);
    let page = await getThreadPage(ctx(other), t.id);
    expect(page!.posts[0].revisions[0]).toMatchObject({ oldBody: "Version ett", newBody: "Version två", reason: "Förtydligande" });
    expect(page!.thread.revisions[0]).toMatchObject({ oldTitle: "Hur inför vi en chattbot?", newTitle: "Ny titel på frågan" });
    expect((await deletePost(ctx(other), r.id)).ok).toBe(false);
    expect((await deletePost(ctx(answerer), r.id)).ok).toBe(true);
    page = await getThreadPage(ctx(other), t.id);
    expect(page!.posts[0]).toMatchObject({ removed: true, bodyHtml: null, bodyMd: null });
    expect(page!.thread.replyCount).toBe(0);
    const mod = await getThreadPage(ctx(moderator), t.id);
    expect(mod!.posts[0]).toMatchObject({ removed: true, bodyHtml: expect.stringContaining("Version två") });
    const row = await db.selectFrom("posts").select(["body_md", "deleted_by"]).where("id", "=", r.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ body_md: "Version två", deleted_by: answerer.id });
  });

  it("refuses replies to locked and missing threads with a field error", async () => {
    const t = await createThread(ctx(asker), good());
    if (!t.ok) throw new Error("expected ok");
    await db.updateTable("threads").set({ locked_at: new Date() }).where("id", "=", t.id).execute();
    const locked = await reply(ctx(answerer), t.id, { body: "Hej" });
    expect(locked.ok === false && locked.errors.body?.[0].key).toBe("forum:errors.locked");
    const missing = await reply(ctx(answerer), "987654321", { body: "Hej" });
    expect(missing.ok === false && missing.errors.body?.[0].key).toBe("forum:errors.threadMissing");
    const empty = await reply(ctx(answerer), t.id, { body: "" });
    expect(empty.ok === false && empty.errors.body?.[0].key).toBe("form.required");
  });

  it("hides hidden threads from everyone but the author and moderators; the author sees the reason", async () => {
    const t = await createThread(ctx(asker), good());
    if (!t.ok) throw new Error("expected ok");
    await db.updateTable("threads").set({ hidden_at: new Date(), hidden_reason: "Personuppgifter" }).where("id", "=", t.id).execute();
    expect(await getThreadPage(ctx(answerer), t.id)).toBeNull();
    expect((await getThreadPage(ctx(asker), t.id))?.thread.hiddenReason).toBe("Personuppgifter");
    expect(await getThreadPage(ctx(moderator), t.id)).not.toBeNull();
    expect((await listThreads(ctx(answerer), {}, null, 500)).items.map((x) => x.id)).not.toContain(t.id);
  });

  it("does not count replies hidden by a moderator in lists, and shows them only to author and moderators", async () => {
    const t = await createThread(ctx(asker), good());
    if (!t.ok) throw new Error("expected ok");
    const r1 = await reply(ctx(answerer), t.id, { body: "Synligt svar" });
    const r2 = await reply(ctx(answerer), t.id, { body: "Dolt svar" });
    if (!r1.ok || !r2.ok) throw new Error("expected ok");
    await db.updateTable("posts").set({ hidden_at: new Date(), hidden_reason: "Fel tråd" }).where("id", "=", r2.id).execute();
    const item = (await listThreads(ctx(other), {}, null, 500)).items.find((x) => x.id === t.id);
    expect(item?.replyCount).toBe(1);
    expect((await getThreadPage(ctx(other), t.id))!.posts.map((p) => p.id)).toEqual([r1.id]);
    expect((await getThreadPage(ctx(answerer), t.id))!.posts.find((p) => p.id === r2.id)?.hiddenReason).toBe("Fel tråd");
    expect((await getThreadPage(ctx(moderator), t.id))!.posts).toHaveLength(2);
  });

  it("deletes a thread softly", async () => {
    const t = await createThread(ctx(asker), good());
    if (!t.ok) throw new Error("expected ok");
    expect((await deleteThread(ctx(answerer), t.id)).ok).toBe(false);
    expect((await deleteThread(ctx(asker), t.id)).ok).toBe(true);
    expect((await listThreads(ctx(asker), {}, null, 500)).items.map((x) => x.id)).not.toContain(t.id);
    // Readers get the tombstone only (no title, no text, no replies); moderators see all of it.
    expect(await getThreadPage(ctx(answerer), t.id)).toBeNull();
    expect(await getThreadPageOrTombstone(ctx(answerer), t.id)).toBe("tombstone");
    expect((await getThreadPage(ctx(moderator), t.id))?.thread.bodyHtml).toContain("Vi funderar på <strong>kundtjänst</strong>.");
  });
});

describe("cached HTML", () => {
  it("re-renders stored HTML made by an older renderer version when read", async () => {
    const t = await createThread(ctx(asker), { ...good(), body: "Ny **version**" });
    if (!t.ok) throw new Error("expected ok");
    await db.updateTable("threads").set({ body_html: "<p>gammal</p>", renderer_version: 0 }).where("id", "=", t.id).execute();
    const page = await getThreadPage(ctx(asker), t.id);
    expect(page!.thread.bodyHtml).toBe("<p>Ny <strong>version</strong></p>\n");
    const row = await db.selectFrom("threads").select(["body_html", "renderer_version"]).where("id", "=", t.id).executeTakeFirstOrThrow();
    expect(row.renderer_version).toBeGreaterThan(0);
    expect(row.body_html).toContain("<strong>version</strong>");
  });
});

describe("pagination", () => {
  it("pages by latest activity without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listThreads>> = await listThreads(ctx(asker), {}, cursor, 3);
      seen.push(...page.items.map((t) => t.id));
      cursor = page.next;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await countThreads(ctx(asker), {}));
  });
});

describe("tags", () => {
  it("ambassadors create, moderators rename, set synonyms and merge", async () => {
    expect((await createTag(ctx(asker), { slug: "transkribering", nameSv: "Transkribering", nameEn: "Transcription", area: "internal_admin", synonyms: "" })).ok).toBe(false);
    expect((await createTag(ctx(ambassador), { slug: "transkribering", nameSv: "Transkribering", nameEn: "Transcription", area: "internal_admin", synonyms: "" })).ok).toBe(true);
    expect((await createTag(ctx(ambassador), { slug: "x", nameSv: "", nameEn: "", area: "nope", synonyms: "" })).ok).toBe(false);
    expect((await createTag(ctx(ambassador), { slug: "ny-tagg", nameSv: "Kundtjänst", nameEn: "X", area: "hr", synonyms: "" })).ok).toBe(false);
    expect((await updateTag(ctx(ambassador), "transkribering", { nameSv: "Mötesanteckningar", nameEn: "Meeting notes", synonyms: "" })).ok).toBe(false);
    expect((await updateTag(ctx(moderator), "transkribering", { nameSv: "Transkribering av möten", nameEn: "Meeting transcription", synonyms: "protokoll, mötesanteckningar" })).ok).toBe(true);
    const t = await createThread(ctx(asker), { ...good(), tags: ["protokoll"] });
    expect(t.ok).toBe(true);
    const merged = await mergeTag(ctx(moderator), "transkribering", { into: "gdpr" });
    expect(merged).toEqual({ ok: true, slug: "gdpr" });
    if (!t.ok) return;
    expect((await getThreadPage(ctx(asker), t.id))!.thread.tags.map((x) => x.slug)).toEqual(["gdpr"]);
    const again = await createThread(ctx(asker), { ...good(), tags: ["mötesanteckningar"] });
    expect(again.ok).toBe(true);
  });
});
