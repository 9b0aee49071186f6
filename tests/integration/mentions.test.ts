import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { createThread } from "../../app/forum/threads.server";
import { reply } from "../../app/forum/posts.server";
import { GROUP_CAP, suggestMentions } from "../../app/notifications/mentions.server";
import { myNotifications } from "../../app/notifications/notifications.server";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { createWorld, type World } from "../support/principals";
import { createOrg, createUser, viewerFor } from "../support/factories";
import { runEventJobs } from "../support/jobs";

let db: DB;
let url: string;
let destroy: () => Promise<void>;
let w: World;
const ctx = (name: keyof World["viewers"]) => ({ db, viewer: w.viewers[name], now: new Date() });
const mentionsOf = async (who: keyof World["viewers"]) => (await myNotifications(ctx(who))).groups.filter((g) => g.kind === "mention");

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  w = await createWorld(db);
  await createForumTags(db);
});
afterAll(() => destroy());

describe("@mentions", () => {
  it("links and notifies a mentioned person who can read the post; unknown handles stay text", async () => {
    const t = await createThread(ctx("memberA"), { kind: "discussion", title: "Vem kan mest om Copilot?", body: "Text", tags: ["copilot"], orgId: w.orgA.id, audience: "network", sharedOrgIds: [] });
    if (!t.ok) throw new Error("create failed");
    const b = w.viewers.memberB!.handle;
    const r = await reply(ctx("memberA"), t.id, { body: `Fråga @${b} eller @finns.inte` });
    if (!r.ok) throw new Error("reply failed");
    const post = await db.selectFrom("posts").select("body_html").where("id", "=", r.id).executeTakeFirstOrThrow();
    expect(post.body_html).toContain(`<a href="/u/${b}" class="mention">@${b}</a>`);
    expect(post.body_html).toContain("@finns.inte");
    await runEventJobs(db, url);
    const got = await mentionsOf("memberB");
    expect(got).toHaveLength(1);
    expect(got[0].href).toBe(`/t/${t.id}-vem-kan-mest-om-copilot#p${r.number}`);
  });

  it("does not notify a mentioned person who cannot read the post", async () => {
    const t = await createThread(ctx("memberA"), { kind: "discussion", title: "Internt i A", body: "Text", tags: ["copilot"], orgId: w.orgA.id, audience: "organisation", sharedOrgIds: [] });
    if (!t.ok) throw new Error("create failed");
    const before = (await mentionsOf("memberB")).length;
    const body = `Hej @${w.viewers.memberB!.handle} och @${w.viewers.ambassadorA!.handle}`;
    // The writer is told first; posting anyway notifies only who can read it.
    const held = await reply(ctx("memberA"), t.id, { body });
    expect(held.ok).toBe(false);
    const r = await reply(ctx("memberA"), t.id, { body }, { confirmMentions: true });
    expect(r.ok).toBe(true);
    await runEventJobs(db, url);
    expect((await mentionsOf("memberB")).length).toBe(before);
    expect((await mentionsOf("ambassadorA")).map((g) => g.title)).toContain("Internt i A");
  });

  it("suggests people by handle or name prefix to members only", async () => {
    const prefix = w.viewers.memberB!.handle.slice(0, 8);
    expect((await suggestMentions(ctx("memberA"), `@${prefix}`)).map((p) => p.handle)).toContain(w.viewers.memberB!.handle);
    expect(await suggestMentions(ctx("anonymous"), prefix)).toEqual([]);
    expect(await suggestMentions(ctx("memberA"), "%")).toEqual([]);
  });

  it("tells the writer before posting who will not see it, and stores nothing until they confirm", async () => {
    const t = await createThread(ctx("memberA"), { kind: "discussion", title: "Bara för A", body: "Text", tags: ["copilot"], orgId: w.orgA.id, audience: "organisation", sharedOrgIds: [] });
    if (!t.ok) throw new Error("create failed");
    const b = w.viewers.memberB!.handle;
    const replies = async () => Number((await db.selectFrom("posts").select((e) => e.fn.countAll<string>().as("n")).where("thread_id", "=", t.id).executeTakeFirstOrThrow()).n);
    const held = await reply(ctx("memberA"), t.id, { body: `Vad säger @${b} och @${w.viewers.moderatorA!.handle}?` });
    expect(held).toEqual({ ok: false, errors: { body: [{ key: "notifications:mention.cannotRead", params: { names: `@${b}`, count: 1 } }] } });
    expect(await replies()).toBe(0);
    // Nobody who can read it: no warning at all.
    expect((await reply(ctx("memberA"), t.id, { body: `Hej @${w.viewers.moderatorA!.handle}` })).ok).toBe(true);
    // A new thread is judged as it would be stored: organisation-only warns, shared with B does not.
    const input = { kind: "discussion" as const, title: "Fråga till B", body: `@${b} vet du?`, tags: ["copilot"], orgId: w.orgA.id, audience: "organisation" as const, sharedOrgIds: [] as string[] };
    const nt = await createThread(ctx("memberA"), input);
    expect(nt.ok).toBe(false);
    expect(!nt.ok && nt.errors.body?.[0].key).toBe("notifications:mention.cannotRead");
    expect((await createThread(ctx("memberA"), { ...input, audience: "chosen", sharedOrgIds: [w.orgB.id] })).ok).toBe(true);
  });

  it("group mentions notify the organisation's ambassadors or moderators who can read the post, and link to the organisation", async () => {
    const t = await createThread(ctx("memberB"), { kind: "discussion", title: "Till A:s ambassadörer", body: "Text", tags: ["copilot"], orgId: w.orgB.id, audience: "network", sharedOrgIds: [] });
    if (!t.ok) throw new Error("create failed");
    const r = await reply(ctx("memberB"), t.id, { body: `Hej @${w.orgA.slug}-ambassadorer och @${w.orgA.slug}-moderators!` });
    if (!r.ok) throw new Error(`reply failed ${JSON.stringify(r)}`);
    const html = (await db.selectFrom("posts").select("body_html").where("id", "=", r.id).executeTakeFirstOrThrow()).body_html;
    expect(html).toContain(`<a href="/orgs/${w.orgA.slug}" class="mention mention-group">@${w.orgA.slug}-ambassadorer</a>`);
    await runEventJobs(db, url);
    const told = await db.selectFrom("notifications").select("user_id").where("post_id", "=", r.id).where("kind", "=", "mention").execute();
    expect(told.map((n) => n.user_id).sort()).toEqual([w.userIds.ambassadorA, w.userIds.moderatorA, w.userIds.adminA].sort());
  });

  it("a group mention reaches only the members who can read the post; a group where nobody can warns", async () => {
    const orgD = await createOrg(db, { name: "Kommun D" });
    const both = await createUser(db, { memberships: [{ orgId: orgD.id, role: "ambassador" }, { orgId: w.orgA.id, role: "member" }] });
    const onlyD = await createUser(db, { orgId: orgD.id, role: "ambassador" });
    const t = await createThread(ctx("memberA"), { kind: "discussion", title: "Internt, till D", body: "Text", tags: ["copilot"], orgId: w.orgA.id, audience: "organisation", sharedOrgIds: [] });
    if (!t.ok) throw new Error("create failed");
    const r = await reply(ctx("memberA"), t.id, { body: `Frågar @${orgD.slug}-ambassadorer` });
    if (!r.ok) throw new Error(`reply failed ${JSON.stringify(r)}`);
    await runEventJobs(db, url);
    const told = await db.selectFrom("notifications").select("user_id").where("post_id", "=", r.id).where("kind", "=", "mention").execute();
    expect(told.map((n) => n.user_id)).toEqual([both.id]);
    expect(told.map((n) => n.user_id)).not.toContain(onlyD.id);
    const nobody = await reply(ctx("memberA"), t.id, { body: `Och @${w.orgB.slug}-moderatorer` });
    expect(!nobody.ok && nobody.errors.body).toEqual([{ key: "notifications:mention.cannotRead", params: { names: `@${w.orgB.slug}-moderatorer`, count: 1 } }]);
  });

  it("a group over the cap notifies nobody and the writer is told before posting", async () => {
    const big = await createOrg(db, { name: "Stora kommunen" });
    for (let i = 0; i < GROUP_CAP + 1; i++) await createUser(db, { orgId: big.id, role: "ambassador" });
    const writer = await viewerFor(db, (await createUser(db, { orgId: big.id, role: "member" })).id);
    const wctx = { db, viewer: writer, now: new Date() };
    const t = await createThread(wctx, { kind: "discussion", title: "Till alla ambassadörer", body: "Text", tags: ["copilot"], orgId: big.id, audience: "network", sharedOrgIds: [] });
    if (!t.ok) throw new Error("create failed");
    const body = `Hej @${big.slug}-ambassadorer`;
    const held = await reply(wctx, t.id, { body });
    expect(!held.ok && held.errors.body).toEqual([{ key: "notifications:mention.tooLarge", params: { names: `@${big.slug}-ambassadorer`, count: 1, max: GROUP_CAP } }]);
    const r = await reply(wctx, t.id, { body }, { confirmMentions: true });
    if (!r.ok) throw new Error("reply failed");
    await runEventJobs(db, url);
    expect(await db.selectFrom("notifications").select("id").where("post_id", "=", r.id).where("kind", "=", "mention").execute()).toEqual([]);
  });

  it("the autocomplete flags people who cannot read the thread, and offers organisation groups", async () => {
    const t = await createThread(ctx("memberA"), { kind: "discussion", title: "Flaggas", body: "Text", tags: ["copilot"], orgId: w.orgA.id, audience: "organisation", sharedOrgIds: [] });
    if (!t.ok) throw new Error("create failed");
    const b = w.viewers.memberB!.handle;
    const got = await suggestMentions(ctx("memberA"), b, t.id);
    expect(got.find((p) => p.handle === b)?.cannotRead).toBe(true);
    const mod = await suggestMentions(ctx("memberA"), w.viewers.moderatorA!.handle, t.id);
    expect(mod.find((p) => p.handle === w.viewers.moderatorA!.handle)?.cannotRead).toBeUndefined();
    // Someone who cannot read the thread learns nothing about it from the flag.
    expect((await suggestMentions(ctx("memberB"), b, t.id)).find((p) => p.handle === b)?.cannotRead).toBeUndefined();
    expect((await suggestMentions(ctx("memberA"), `${w.orgA.slug}-amb`)).map((p) => p.handle)).toContain(`${w.orgA.slug}-ambassadorer`);
  });
});
