import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import type { Viewer } from "../../app/policy";
import { flagItem } from "../../app/moderation/flags.server";
import { moderate, REDACTION_MARK } from "../../app/moderation/actions.server";
import { healthQueue, reviewQueue } from "../../app/moderation/queue.server";
import { auditLog } from "../../app/moderation/audit-log.server";
import { bestPracticeByArea, featuredBestPractice } from "../../app/moderation/curation.server";
import { myNotices } from "../../app/moderation/notices.server";
import { actionSchema } from "../../app/moderation/schemas";
import { freshDatabase } from "../support/db";
import { createWorld, type World } from "../support/principals";
import { auditRows, makeCase, makePost, makeTag, makeThread } from "../support/moderation";

let db: DB;
let destroy: () => Promise<void>;
let w: World;
const now = new Date();
const ctx = (v: Viewer | null) => ({ db, viewer: v, now: new Date() });
const act = (who: keyof World["viewers"], input: Record<string, string>) =>
  moderate(ctx(w.viewers[who]), actionSchema.parse(input));

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
});
afterAll(() => destroy());

describe("flags", () => {
  it("lets a member flag once and answers a second flag with 'duplicate'", async () => {
    const t = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.ambassadorA });
    const first = await flagItem(ctx(w.viewers.memberB), { targetType: "thread", targetId: t, reason: "spam", text: "" });
    expect(first.ok).toBe(true);
    const again = await flagItem(ctx(w.viewers.memberB), { targetType: "thread", targetId: t, reason: "other", text: "igen" });
    expect(again).toEqual({ ok: false, error: "duplicate" });
    expect((await auditRows(db, "thread", t)).map((r) => r.action)).toEqual(["thread.flag"]);
  });

  it("answers unknown and unreadable items with notFound and signed-out people with forbidden", async () => {
    expect(await flagItem(ctx(w.viewers.memberA), { targetType: "post", targetId: "999999", reason: "spam", text: "" })).toEqual({ ok: false, error: "notFound" });
    const secret = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.memberA, visibility: "organisation" });
    expect(await flagItem(ctx(w.viewers.memberB), { targetType: "thread", targetId: secret, reason: "spam", text: "" })).toEqual({ ok: false, error: "notFound" });
    expect(await flagItem(ctx(null), { targetType: "thread", targetId: secret, reason: "spam", text: "" })).toEqual({ ok: false, error: "forbidden" });
  });
});

describe("review queue", () => {
  it("shows an item only to moderators in scope, personal-data flags first", async () => {
    const t1 = await makeThread(db, { orgId: w.orgB.id, authorId: w.userIds.memberB, title: "Spam i B" });
    const t2 = await makeThread(db, { orgId: w.orgB.id, authorId: w.userIds.memberB, title: "Personnummer i B" });
    await flagItem(ctx(w.viewers.memberA), { targetType: "thread", targetId: t1, reason: "spam", text: "" });
    await flagItem(ctx(w.viewers.memberA), { targetType: "thread", targetId: t2, reason: "personal_data", text: "personnummer" });
    const net = await reviewQueue(ctx(w.viewers.networkModerator));
    if (!net.ok) throw new Error("queue");
    const ids = net.value.map((e) => e.target.id);
    expect(ids.indexOf(t2)).toBeLessThan(ids.indexOf(t1));
    expect(net.value[0].urgent).toBe(true);
    const modA = await reviewQueue(ctx(w.viewers.moderatorA));
    if (!modA.ok) throw new Error("queue");
    expect(modA.value.map((e) => e.target.id)).not.toContain(t1);
    expect(await reviewQueue(ctx(w.viewers.memberA))).toEqual({ ok: false, error: "forbidden" });
  });

  it("scopes the queue in the query, so another organisation's many flags never crowd out one's own", async () => {
    // 2,100 older open flags on organisation B's replies (more than one query returns) …
    const busy = await makeThread(db, { orgId: w.orgB.id, authorId: w.userIds.memberB, title: "Mycket flaggad" });
    await sql`
      INSERT INTO posts (thread_id, number, author_id, body_md, body_html, renderer_version)
      SELECT ${busy}, g, ${w.userIds.memberB}, 'x', '<p>x</p>', 1 FROM generate_series(1, 2100) g`.execute(db);
    await sql`
      INSERT INTO flags (target_type, target_id, reporter_id, reason, text, created_at)
      SELECT 'post', p.id, ${w.userIds.memberA}, 'spam', '', now() - interval '1 day'
      FROM posts p WHERE p.thread_id = ${busy}`.execute(db);
    // … and then one new flag on a reply in organisation A.
    const own = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.memberA, title: "Eget ärende i A" });
    const reply = await makePost(db, { threadId: own, authorId: w.userIds.ambassadorA, body: "Ett svar med personnummer" });
    await flagItem(ctx(w.viewers.memberB), { targetType: "post", targetId: reply, reason: "personal_data", text: "" });
    const modA = await reviewQueue(ctx(w.viewers.moderatorA));
    if (!modA.ok) throw new Error("queue");
    expect(modA.value.map((e) => `${e.target.type}:${e.target.id}`)).toContain(`post:${reply}`);
    expect(modA.value.every((e) => e.target.orgId === w.orgA.id)).toBe(true);
  });
});

describe("hide, notice, review request, restore", () => {
  it("hides with a reason, tells the author, lets them ask for review, and restores", async () => {
    const t = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.memberA });
    const p = await makePost(db, { threadId: t, authorId: w.userIds.ambassadorA });
    await flagItem(ctx(w.viewers.memberB), { targetType: "post", targetId: p, reason: "inappropriate", text: "" });
    expect((await act("moderatorA", { intent: "hide", targetType: "post", targetId: p, reason: "Osakligt" })).ok).toBe(true);
    const row = await db.selectFrom("posts").selectAll().where("id", "=", p).executeTakeFirstOrThrow();
    expect(row.hidden_reason).toBe("Osakligt");
    expect(row.body_md).toBe("Vi testade en chattbot."); // content kept
    expect((await db.selectFrom("flags").select("status").where("target_type", "=", "post").where("target_id", "=", p).executeTakeFirstOrThrow()).status).toBe("actioned");
    const notices = await myNotices(ctx(w.viewers.ambassadorA));
    expect(notices[0]).toMatchObject({ kind: "hidden", reason: "Osakligt", stillHidden: true });
    // Hidden: other members cannot flag it (they cannot see it).
    expect((await flagItem(ctx(w.viewers.memberA), { targetType: "post", targetId: p, reason: "spam", text: "" })).ok).toBe(false);
    // The author asks for review once; it shows in the queue.
    expect((await act("ambassadorA", { intent: "request_review", targetType: "post", targetId: p, message: "Jag har ändrat" })).ok).toBe(true);
    expect(await act("ambassadorA", { intent: "request_review", targetType: "post", targetId: p })).toEqual({ ok: false, error: "duplicate" });
    expect(await act("memberA", { intent: "request_review", targetType: "post", targetId: p })).toEqual({ ok: false, error: "notFound" });
    const q = await reviewQueue(ctx(w.viewers.moderatorA));
    expect(q.ok && q.value.find((e) => e.target.id === p)?.reviewRequestedAt).toBeTruthy();
    expect(await act("moderatorA", { intent: "hide", targetType: "post", targetId: p, reason: "Igen" })).toEqual({ ok: false, error: "notApplicable" });
    expect((await act("moderatorA", { intent: "restore", targetType: "post", targetId: p })).ok).toBe(true);
    expect((await db.selectFrom("posts").select("hidden_at").where("id", "=", p).executeTakeFirstOrThrow()).hidden_at).toBeNull();
    expect((await auditRows(db, "post", p)).map((r) => r.action)).toEqual(["post.flag", "post.hide", "post.review_requested", "post.restore"]);
    const outbox = await db.selectFrom("search_outbox").selectAll().where("doc_type", "=", "post").where("doc_id", "=", p).execute();
    expect(outbox.length).toBeGreaterThanOrEqual(2);
  });
});

describe("thread tools", () => {
  it("locks, unlocks, pins to the front page or a tag, retags and refuses unknown tags", async () => {
    const t = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.memberA });
    await makeTag(db, "chattbot");
    await makeTag(db, "kundtjanst");
    expect((await act("adminA", { intent: "lock", targetType: "thread", targetId: t })).ok).toBe(true);
    expect(await act("adminA", { intent: "lock", targetType: "thread", targetId: t })).toEqual({ ok: false, error: "notApplicable" });
    expect((await act("adminA", { intent: "unlock", targetType: "thread", targetId: t })).ok).toBe(true);
    expect((await act("moderatorA", { intent: "pin", targetType: "thread", targetId: t, scope: "front" })).ok).toBe(true);
    expect((await act("moderatorA", { intent: "pin", targetType: "thread", targetId: t, scope: "chattbot" })).ok).toBe(true);
    expect(await act("moderatorA", { intent: "pin", targetType: "thread", targetId: t, scope: "finns-inte" })).toEqual({ ok: false, error: "invalid" });
    const th = await db.selectFrom("threads").selectAll().where("id", "=", t).executeTakeFirstOrThrow();
    expect(th.pinned_scope).toBe("chattbot");
    expect((await act("moderatorA", { intent: "unpin", targetType: "thread", targetId: t })).ok).toBe(true);
    expect((await act("moderatorA", { intent: "retag", targetType: "thread", targetId: t, tags: "chattbot, kundtjanst" })).ok).toBe(true);
    expect(await act("moderatorA", { intent: "retag", targetType: "thread", targetId: t, tags: "chattbot nope" })).toEqual({ ok: false, error: "invalid" });
    const tags = await db.selectFrom("thread_tags").select("tag_id").where("thread_id", "=", t).execute();
    expect(tags).toHaveLength(2);
    const actions = (await auditRows(db, "thread", t)).map((r) => r.action);
    expect(actions).toEqual(["thread.lock", "thread.unlock", "thread.pin", "thread.pin", "thread.unpin", "thread.retag"]);
    const p = await makePost(db, { threadId: t, authorId: w.userIds.memberA });
    expect(await act("moderatorA", { intent: "lock", targetType: "post", targetId: p })).toEqual({ ok: false, error: "notApplicable" });
  });

  it("edits with a reason and keeps a revision", async () => {
    const t = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.memberA, body: "Gammal text" });
    const r = await act("networkModerator", { intent: "edit", targetType: "thread", targetId: t, title: "Ny rubrik", body: "Ny **text**", reason: "Förtydligande" });
    expect(r.ok).toBe(true);
    const th = await db.selectFrom("threads").selectAll().where("id", "=", t).executeTakeFirstOrThrow();
    expect(th.title).toBe("Ny rubrik");
    expect(th.body_html).toContain("<strong>text</strong>");
    const rev = await db.selectFrom("post_revisions").selectAll().where("thread_id", "=", t).executeTakeFirstOrThrow();
    expect(rev).toMatchObject({ old_body_md: "Gammal text", new_body_md: "Ny **text**", reason: "Förtydligande", old_title: "En fråga om AI" });
    expect((await auditRows(db, "thread", t)).at(-1)).toMatchObject({ action: "thread.edit", reason: "Förtydligande", actor_id: w.userIds.networkModerator });
  });
});

describe("redaction", () => {
  it("replaces personal data in the post and all its revisions, keeps who/when and a record", async () => {
    const t = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.memberA });
    const p = await makePost(db, { threadId: t, authorId: w.userIds.memberA, body: "Ring 19800101-1234 om detta" });
    await act("moderatorA", { intent: "edit", targetType: "post", targetId: p, body: "Ring 19800101-1234 om detta, tack", reason: "Stavning" });
    await flagItem(ctx(w.viewers.memberB), { targetType: "post", targetId: p, reason: "personal_data", text: "innehåller 19800101-1234" });
    const r = await act("moderatorA", { intent: "redact", targetType: "post", targetId: p, text: "19800101-1234", reason: "Personnummer" });
    expect(r.ok).toBe(true);
    const post = await db.selectFrom("posts").selectAll().where("id", "=", p).executeTakeFirstOrThrow();
    expect(post.body_md).toBe(`Ring ${REDACTION_MARK} om detta, tack`);
    expect(post.body_html).not.toContain("1234");
    expect(post.author_id).toBe(w.userIds.memberA);
    const revs = await db.selectFrom("post_revisions").selectAll().where("post_id", "=", p).execute();
    expect(JSON.stringify(revs)).not.toContain("19800101-1234");
    expect(revs).toHaveLength(1);
    const flag = await db.selectFrom("flags").select("text").where("target_type", "=", "post").where("target_id", "=", p).executeTakeFirstOrThrow();
    expect(flag.text).not.toContain("1234");
    const rec = await db.selectFrom("redactions").selectAll().where("target_id", "=", p).executeTakeFirstOrThrow();
    expect(rec).toMatchObject({ redactor_id: w.userIds.moderatorA, reason: "Personnummer", fields: ["body"], revisions_touched: 1 });
    const log = await auditRows(db, "post", p);
    expect(JSON.stringify(log)).not.toContain("19800101-1234");
    expect(log.at(-1)?.action).toBe("post.redact");
    expect(await act("moderatorA", { intent: "redact", targetType: "post", targetId: p, text: "finns inte", reason: "Test" })).toEqual({ ok: false, error: "invalid" });
  });

  it("redacts a case's fields and its snapshots", async () => {
    const c = await makeCase(db, { orgId: w.orgA.id, authorId: w.userIds.memberA, summary: "Kontakta anna@example.se" });
    await sql`INSERT INTO case_revisions (case_id, editor_id, action, snapshot) VALUES (${c}, ${w.userIds.memberA}, 'publish', ${JSON.stringify({ summary: "Kontakta anna@example.se" })}::jsonb)`.execute(db);
    expect((await act("moderatorA", { intent: "redact", targetType: "case", targetId: c, text: "anna@example.se", reason: "E-post" })).ok).toBe(true);
    const { rows } = await sql<{ summary: string; snap: string }>`SELECT c.summary, r.snapshot::text AS snap FROM cases c JOIN case_revisions r ON r.case_id = c.id WHERE c.id = ${c}`.execute(db);
    expect(rows[0].summary).toBe(`Kontakta ${REDACTION_MARK}`);
    expect(rows[0].snap).not.toContain("anna@example.se");
  });
});

describe("best practice and content health", () => {
  it("marks and unmarks with history, lists by area and features the latest", async () => {
    const c = await makeCase(db, { orgId: w.orgA.id, authorId: w.userIds.memberA, title: "Gott fall", visibility: "public", area: "hr" });
    expect((await act("moderatorA", { intent: "mark_best", targetType: "case", targetId: c, note: "Tydlig utvärdering" })).ok).toBe(true);
    expect(await act("moderatorA", { intent: "mark_best", targetType: "case", targetId: c, note: "Igen igen" })).toEqual({ ok: false, error: "duplicate" });
    const featured = await featuredBestPractice(ctx(null), 3);
    expect(featured[0]).toMatchObject({ id: c, title: "Gott fall", note: "Tydlig utvärdering", area: "hr" });
    const byArea = await bestPracticeByArea(ctx(null));
    expect(byArea.find((g) => g.area === "hr")?.items.map((i) => i.id)).toContain(c);
    expect((await act("moderatorA", { intent: "unmark_best", targetType: "case", targetId: c })).ok).toBe(true);
    expect((await featuredBestPractice(ctx(null), 10)).map((i) => i.id)).not.toContain(c);
    expect((await act("moderatorA", { intent: "mark_best", targetType: "case", targetId: c, note: "Åter markerad" })).ok).toBe(true);
    const history = await db.selectFrom("best_practice_marks").selectAll().where("target_id", "=", c).orderBy("id").execute();
    expect(history.map((h) => [h.note, Boolean(h.unmarked_at)])).toEqual([["Tydlig utvärdering", true], ["Åter markerad", false]]);
    expect((await auditRows(db, "case", c)).map((r) => r.action)).toEqual(["case.mark_best", "case.unmark_best", "case.mark_best"]);
    const p = await makePost(db, { threadId: await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.memberA }), authorId: w.userIds.memberA });
    expect(await act("moderatorA", { intent: "mark_best", targetType: "post", targetId: p, note: "Inte för inlägg" })).toEqual({ ok: false, error: "notApplicable" });
  });

  it("does not list organisation-only best practice to outsiders", async () => {
    const t = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.memberA, visibility: "organisation", title: "Internt exempel" });
    await act("moderatorA", { intent: "mark_best", targetType: "thread", targetId: t, note: "Bra internt" });
    expect((await featuredBestPractice(ctx(w.viewers.memberA), 50)).map((i) => i.id)).toContain(t);
    expect((await featuredBestPractice(ctx(w.viewers.memberB), 50)).map((i) => i.id)).not.toContain(t);
    expect((await featuredBestPractice(ctx(null), 50)).map((i) => i.id)).not.toContain(t);
  });

  it("lists cases past review-by and outdated items; outdated notes can be cleared", async () => {
    const old = await makeCase(db, { orgId: w.orgA.id, authorId: w.userIds.memberA, reviewBy: "2020-01-01", title: "Gammalt fall" });
    const fresh = await makeCase(db, { orgId: w.orgA.id, authorId: w.userIds.memberA, reviewBy: "2099-01-01" });
    const t = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.memberA });
    expect((await act("moderatorA", { intent: "mark_outdated", targetType: "thread", targetId: t, note: "Lagen har ändrats" })).ok).toBe(true);
    const h = await healthQueue(ctx(w.viewers.moderatorA));
    if (!h.ok) throw new Error("health");
    const ids = h.value.map((e) => e.target.id);
    expect(ids).toContain(old);
    expect(ids).toContain(t);
    expect(ids).not.toContain(fresh);
    expect(h.value.find((e) => e.target.id === old)?.overdue).toBe(true);
    expect(h.value.find((e) => e.target.id === t)?.target.outdatedNote).toBe("Lagen har ändrats");
    const hb = await healthQueue(ctx(w.viewers.adminA));
    expect(hb.ok && hb.value.length).toBeGreaterThan(0);
    expect(await healthQueue(ctx(w.viewers.ambassadorA))).toEqual({ ok: false, error: "forbidden" });
    expect((await act("moderatorA", { intent: "clear_outdated", targetType: "thread", targetId: t })).ok).toBe(true);
    expect((await auditRows(db, "thread", t)).map((r) => r.action)).toEqual(["thread.mark_outdated", "thread.clear_outdated"]);
  });
});

describe("cases", () => {
  it("hides, restores, marks outdated and edits a case summary with a kept revision", async () => {
    const c = await makeCase(db, { orgId: w.orgA.id, authorId: w.userIds.memberA, summary: "Första versionen" });
    expect(await act("moderatorA", { intent: "lock", targetType: "case", targetId: c })).toEqual({ ok: false, error: "notApplicable" });
    expect((await act("moderatorA", { intent: "hide", targetType: "case", targetId: c, reason: "Felaktiga siffror" })).ok).toBe(true);
    const { rows } = await sql<{ hidden_reason: string; hidden_by: string }>`SELECT hidden_reason, hidden_by FROM cases WHERE id = ${c}`.execute(db);
    expect(rows[0]).toMatchObject({ hidden_reason: "Felaktiga siffror", hidden_by: w.userIds.moderatorA });
    expect(await act("memberB", { intent: "restore", targetType: "case", targetId: c })).toEqual({ ok: false, error: "notFound" });
    expect((await act("moderatorA", { intent: "restore", targetType: "case", targetId: c })).ok).toBe(true);
    expect((await act("moderatorA", { intent: "mark_outdated", targetType: "case", targetId: c, note: "Verktyget finns inte längre" })).ok).toBe(true);
    expect((await act("moderatorA", { intent: "edit", targetType: "case", targetId: c, field: "summary", body: "Rättad version", reason: "Rättade siffror" })).ok).toBe(true);
    const edit = await db.selectFrom("moderator_edits").selectAll().where("target_type", "=", "case").where("target_id", "=", c).executeTakeFirstOrThrow();
    expect(edit).toMatchObject({ field: "summary", old_text: "Första versionen", new_text: "Rättad version", reason: "Rättade siffror" });
    expect((await auditRows(db, "case", c)).map((r) => r.action)).toEqual(["case.hide", "case.restore", "case.mark_outdated", "case.edit"]);
    expect((await myNotices(ctx(w.viewers.memberA))).filter((n) => n.targetId === c).map((n) => n.kind)).toEqual(["edited", "restored", "hidden"]);
  });
});

describe("dismiss and gallring", () => {
  it("dismisses open flags and says when there are none", async () => {
    const t = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.memberA });
    await flagItem(ctx(w.viewers.ambassadorA), { targetType: "thread", targetId: t, reason: "off_topic", text: "" });
    expect((await act("moderatorA", { intent: "dismiss", targetType: "thread", targetId: t })).ok).toBe(true);
    expect(await act("moderatorA", { intent: "dismiss", targetType: "thread", targetId: t })).toEqual({ ok: false, error: "notApplicable" });
    expect((await db.selectFrom("flags").select("status").where("target_type", "=", "thread").where("target_id", "=", t).executeTakeFirstOrThrow()).status).toBe("dismissed");
  });

  it("lets only a network admin dispose (gallring), with a record and an audit entry", async () => {
    const t = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.memberA, title: "Ska gallras" });
    const p = await makePost(db, { threadId: t, authorId: w.userIds.memberA });
    for (const who of ["moderatorA", "adminA", "networkModerator"] as const) {
      expect(await act(who, { intent: "dispose", targetType: "thread", targetId: t, decisionRef: "Dnr 2026/123" })).toEqual({ ok: false, error: "forbidden" });
    }
    expect((await act("networkAdmin", { intent: "dispose", targetType: "thread", targetId: t, decisionRef: "Dnr 2026/123" })).ok).toBe(true);
    expect(await db.selectFrom("threads").select("id").where("id", "=", t).executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom("posts").select("id").where("id", "=", p).executeTakeFirst()).toBeUndefined();
    const rec = await db.selectFrom("disposals").selectAll().where("target_id", "=", t).executeTakeFirstOrThrow();
    expect(rec).toMatchObject({ decision_ref: "Dnr 2026/123", title: "Ska gallras", disposed_by: w.userIds.networkAdmin });
    const log = await auditRows(db, "thread", t);
    expect(log.at(-1)).toMatchObject({ action: "thread.gallring", reason: "Dnr 2026/123", org_id: w.orgA.id });
    expect(await act("networkAdmin", { intent: "dispose", targetType: "thread", targetId: t, decisionRef: "Dnr 2026/123" })).toEqual({ ok: false, error: "notFound" });
  });
});

describe("audit log", () => {
  it("filters by actor, organisation and action within the viewer's scope", async () => {
    const tb = await makeThread(db, { orgId: w.orgB.id, authorId: w.userIds.memberB });
    await act("networkModerator", { intent: "lock", targetType: "thread", targetId: tb });
    const all = await auditLog(ctx(w.viewers.networkAdmin), {});
    if (!all.ok) throw new Error("log");
    expect(all.value.entries.some((e) => e.target_id === tb)).toBe(true);
    const modA = await auditLog(ctx(w.viewers.moderatorA), {});
    if (!modA.ok) throw new Error("log");
    expect(modA.value.entries.every((e) => e.org_id === w.orgA.id)).toBe(true);
    expect(modA.value.entries.length).toBeGreaterThan(0);
    const byActor = await auditLog(ctx(w.viewers.networkModerator), { actor: w.userIds.networkModerator, action: "lock" });
    if (!byActor.ok) throw new Error("log");
    expect(byActor.value.entries.length).toBeGreaterThan(0);
    expect(byActor.value.entries.every((e) => e.actor_id === w.userIds.networkModerator && e.action.endsWith(".lock"))).toBe(true);
    const byOrg = await auditLog(ctx(w.viewers.networkModerator), { org: w.orgB.id });
    expect(byOrg.ok && byOrg.value.entries.every((e) => e.org_id === w.orgB.id)).toBe(true);
    expect(await auditLog(ctx(w.viewers.ambassadorA), {})).toEqual({ ok: false, error: "forbidden" });
    void now;
  });
});
