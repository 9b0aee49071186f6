import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { createThread } from "../../app/forum/threads.server";
import { reply } from "../../app/forum/posts.server";
import { recordAdoption } from "../../app/cases/adoptions.server";
import { saveCase } from "../../app/cases/cases.server";
import { myNotifications } from "../../app/notifications/notifications.server";
import { myWatches, myWatchLevel, setWatchLevel } from "../../app/watching/watching.server";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { caseForm, makeCase } from "../support/cases";
import { createWorld, type World } from "../support/principals";
import { runEventJobs } from "../support/jobs";

let db: DB;
let url: string;
let destroy: () => Promise<void>;
let w: World;
const ctx = (name: keyof World["viewers"]) => ({ db, viewer: w.viewers[name], now: new Date() });
const kindsFor = async (who: keyof World["viewers"], title: string) =>
  (await myNotifications(ctx(who))).groups.filter((g) => g.title === title).map((g) => g.kind).sort();
const tagId = async (slug: string) => (await db.selectFrom("tags").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
  w = await createWorld(db);
  await createForumTags(db);
});
afterAll(() => destroy());

async function thread(title: string, who: keyof World["viewers"] = "memberA", tags = ["copilot"]) {
  const v = w.viewers[who]!;
  const r = await createThread(ctx(who), { kind: "question", title, body: "Text", tags, orgId: v.memberships[0].orgId, audience: "network", sharedOrgIds: [] });
  if (!r.ok) throw new Error("create failed");
  return r.id;
}

describe("watching levels", () => {
  it("you watch what you start or reply to; watchers hear of every reply, normal and muted hear nothing", async () => {
    const t = await thread("Levels i praktiken");
    expect(await myWatchLevel(ctx("memberA"), "thread", t)).toEqual({ level: "watching", firstPostOnly: false });
    await reply(ctx("memberB"), t, { body: "Första svaret." });
    expect((await myWatchLevel(ctx("memberB"), "thread", t)).level).toBe("watching");
    expect((await setWatchLevel(ctx("ambassadorA"), { targetType: "thread", targetId: t, level: "watching" })).ok).toBe(true);
    expect((await setWatchLevel(ctx("moderatorA"), { targetType: "thread", targetId: t, level: "muted" })).ok).toBe(true);
    await reply(ctx("moderatorA"), t, { body: "Ett svar från en som tystat." }); // replying does not undo a choice
    expect((await myWatchLevel(ctx("moderatorA"), "thread", t)).level).toBe("muted");
    expect((await setWatchLevel(ctx("memberB"), { targetType: "thread", targetId: t, level: "normal" })).ok).toBe(true);
    await reply(ctx("adminA"), t, { body: "Tredje." });
    await runEventJobs(db, url);
    expect(await kindsFor("ambassadorA", "Levels i praktiken")).toEqual(["reply"]);
    expect(await kindsFor("memberA", "Levels i praktiken")).toEqual(["question_answered"]);
    expect(await kindsFor("moderatorA", "Levels i praktiken")).toEqual([]);
    // memberB watched (as the first replier), then chose normal before the jobs ran: levels are
    // read when the event is delivered, so nothing.
    expect(await kindsFor("memberB", "Levels i praktiken")).toEqual([]);
  });

  it("a watched tag tells of new threads and replies; 'first post only' of new threads alone; an organisation of its new threads", async () => {
    const ai = await tagId("copilot");
    expect((await setWatchLevel(ctx("memberB"), { targetType: "tag", targetId: ai, level: "watching" })).ok).toBe(true);
    expect((await setWatchLevel(ctx("networkModerator"), { targetType: "tag", targetId: ai, level: "watching", firstPostOnly: "1" })).ok).toBe(true);
    expect((await setWatchLevel(ctx("networkAdmin"), { targetType: "org", targetId: w.orgA.id, level: "watching" })).ok).toBe(true);
    const t = await thread("Taggbevakning", "ambassadorA");
    await reply(ctx("memberA"), t, { body: "Ett svar." });
    await runEventJobs(db, url);
    expect(await kindsFor("memberB", "Taggbevakning")).toEqual(["new_thread", "reply"]);
    expect(await kindsFor("networkModerator", "Taggbevakning")).toEqual(["new_thread"]);
    expect(await kindsFor("networkAdmin", "Taggbevakning")).toEqual(["new_thread"]);
    const listed = await myWatches(ctx("networkModerator"));
    expect(listed.find((x) => x.targetType === "tag")).toMatchObject({ targetId: ai, level: "watching", firstPostOnly: true, title: "Copilot", href: "/tags/copilot" });
  });

  it("an adopter tracks the case by default and hears of status changes; the owner hears of the adoption", async () => {
    const caseId = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { title: "Växel-AI för spårning" });
    const adopted = await recordAdoption(ctx("memberB"), caseId, { org_id: w.orgB.id, status: "trying", adopted_on: "2026-01-01", note: "" });
    expect(adopted?.ok).toBe(true);
    await runEventJobs(db, url);
    expect((await myWatchLevel(ctx("memberB"), "case", caseId)).level).toBe("tracking");
    expect(await kindsFor("ambassadorA", "Växel-AI för spårning")).toEqual(["case_adopted"]);
    const saved = await saveCase(ctx("ambassadorA"), caseForm(w.orgA.id, { title: "Växel-AI för spårning", status: "production", contact_email: w.viewers.ambassadorA!.email }), caseId);
    expect(saved?.ok).toBe(true);
    await runEventJobs(db, url);
    const updated = (await myNotifications(ctx("memberB"))).groups.find((g) => g.kind === "case_updated" && g.title === "Växel-AI för spårning");
    expect(updated?.items[0].data).toMatchObject({ changes: ["status"] });
    expect(updated?.href).toBe(`/cases/${caseId}`);
  });

  it("bad input answers field errors and changes nothing; what you cannot read cannot be watched", async () => {
    const t = await thread("Felaktig bevakning");
    expect(await setWatchLevel(ctx("memberB"), { targetType: "thread", targetId: t, level: "loud" })).toEqual({ ok: false, errors: { level: "notifications:errors.level" } });
    expect(await setWatchLevel(ctx("memberB"), { targetType: "planet", targetId: t, level: "muted" })).toMatchObject({ ok: false, errors: { targetType: "notifications:errors.target" } });
    expect(await setWatchLevel(ctx("memberB"), { targetType: "thread", targetId: "99999999", level: "muted" })).toEqual({ ok: false, errors: { targetId: "notifications:errors.target" } });
    expect(await setWatchLevel(ctx("anonymous"), { targetType: "thread", targetId: t, level: "muted" })).toMatchObject({ ok: false });
    const secret = await createThread(ctx("memberA"), { kind: "question", title: "Bara A", body: "Text", tags: ["copilot"], orgId: w.orgA.id, audience: "organisation", sharedOrgIds: [] });
    if (!secret.ok) throw new Error("create failed");
    expect(await setWatchLevel(ctx("memberB"), { targetType: "thread", targetId: secret.id, level: "watching" })).toEqual({ ok: false, errors: { targetId: "notifications:errors.target" } });
    expect((await myWatchLevel(ctx("memberB"), "thread", secret.id)).level).toBe("normal");
  });
});

describe("watching and the page cache", () => {
  it("a level change moves the thread's page_rev (the page shows the level)", async () => {
    const t = await thread("Sidrevision och bevakning");
    const rev = async () => (await db.selectFrom("threads").select("page_rev").where("id", "=", t).executeTakeFirstOrThrow()).page_rev;
    const before = await rev();
    await setWatchLevel(ctx("memberB"), { targetType: "thread", targetId: t, level: "muted" });
    expect(Number(await rev())).toBeGreaterThan(Number(before));
  });
});
