import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import type { Viewer } from "../../app/policy";
import { caseFormOptions, saveCase } from "../../app/cases/cases.server";
import { promoteThread } from "../../app/cases/promote.server";
import { freshDatabase } from "../support/db";
import { createWorld, PRINCIPALS, type World } from "../support/principals";
import { createOrg, createUser, viewerFor } from "../support/factories";
import { caseForm, makeCase } from "../support/cases";

// Issue 19 item 8: who owns a case. A case never moves between organisations through the editor
// (a network moderator who is an ambassador elsewhere moved a municipality's case into their own
// organisation), and a promoted question becomes a case of the promoter's own organisation only.
let db: DB;
let destroy: () => Promise<void>;
let w: World;
const now = new Date("2026-12-02T10:00:00Z");

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
});
afterAll(() => destroy());

const ownerOf = async (id: string) => (await db.selectFrom("cases").select("org_id").where("id", "=", id).executeTakeFirstOrThrow()).org_id;

async function solvedQuestion(orgId: string, authorId: string, visibility: "organisation" | "network", shared: string[] = []) {
  const t = await db.insertInto("threads").values({
    kind: "question", title: "Hur gallrar ni chattloggar?", slug: "gallra", body_md: "Vi sparar allt.", body_html: "<p>x</p>",
    renderer_version: 1, org_id: orgId, visibility, shared_org_ids: shared, author_id: authorId, last_activity_at: now, created_at: now, updated_at: now,
  }).returning("id").executeTakeFirstOrThrow();
  const p = await db.insertInto("posts").values({
    thread_id: t.id, number: 1, author_id: authorId, body_md: "Efter 90 dagar.", body_html: "<p>y</p>", renderer_version: 1, created_at: now, updated_at: now,
  }).returning("id").executeTakeFirstOrThrow();
  await db.updateTable("threads").set({ accepted_post_id: p.id }).where("id", "=", t.id).execute();
  return t.id;
}

describe("the owner of an existing case never changes through the editor", () => {
  it("a network moderator who writes for their own organisation cannot move a municipality's case there", async () => {
    // A network moderator who is also an ambassador of region C: they may edit A's case (moderator
    // in scope) and they write cases for C, which is what let the editor move it.
    const mod = await viewerFor(db, (await createUser(db, { orgId: w.orgC.id, role: "ambassador", networkRole: "moderator" })).id);
    const id = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, {}, now);
    const res = await saveCase({ db, viewer: mod, now }, caseForm(w.orgC.id, { contact_email: mod.email }), id);
    expect(res).toMatchObject({ ok: false, errors: { org_id: [{ key: "cases:errors.orgFixed" }] } });
    expect(await ownerOf(id)).toBe(w.orgA.id);
    // Their edits that keep the owner still go through.
    expect(await saveCase({ db, viewer: mod, now }, caseForm(w.orgA.id, { title: "Ny rubrik", contact_email: mod.email }), id)).toMatchObject({ ok: true });
    // The editor offers only the case's own organisation.
    expect((await caseFormOptions({ db, viewer: mod, now }, w.orgA.id)).writable.map((o) => o.id)).toEqual([w.orgA.id]);
  });

  it("a person who writes for two organisations cannot move their case from one to the other", async () => {
    const both = await viewerFor(db, (await createUser(db, { memberships: [{ orgId: w.orgA.id, role: "ambassador" }, { orgId: w.orgB.id, role: "admin" }] })).id);
    const id = await makeCase(db, both, w.orgA.id, {}, now);
    expect(await saveCase({ db, viewer: both, now }, caseForm(w.orgB.id, { contact_email: both.email }), id)).toMatchObject({ ok: false });
    expect(await ownerOf(id)).toBe(w.orgA.id);
  });

  it("no principal moves a case of A to another organisation", async () => {
    const id = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, {}, now);
    for (const name of PRINCIPALS) {
      for (const target of [w.orgB.id, w.orgC.id]) {
        const v = w.viewers[name];
        const res = await saveCase({ db, viewer: v, now }, caseForm(target, { contact_email: v?.email }), id);
        expect(res === null || res.ok === false, `${name} → ${target}`).toBe(true);
      }
    }
    expect(await ownerOf(id)).toBe(w.orgA.id);
  });
});

describe("a promoted question becomes a case of the promoter's own organisation", () => {
  const casesFrom = async (tid: string) => db.selectFrom("cases").select(["id", "org_id"]).where("source_thread_id", "=", tid).execute();

  it("an ambassador of B cannot turn A's question shared with B and C into a case owned by B", async () => {
    const tid = await solvedQuestion(w.orgA.id, w.userIds.memberA, "organisation", [w.orgB.id, w.orgC.id]);
    const ambB = await viewerFor(db, (await createUser(db, { orgId: w.orgB.id, role: "ambassador" })).id);
    expect(await promoteThread({ db, viewer: ambB, now }, tid)).toEqual({ ok: false, reason: "ownOrgOnly" });
    expect(await casesFrom(tid)).toEqual([]);
    // A's own ambassador promotes it into A, keeping the shares.
    const r = await promoteThread({ db, viewer: w.viewers.ambassadorA, now }, tid);
    expect(r).toMatchObject({ ok: true, existing: false });
    expect(await ownerOf((r as { id: string }).id)).toBe(w.orgA.id);
  });

  it("a network-wide question: an ambassador elsewhere promotes into their primary organisation, never another", async () => {
    const tid = await solvedQuestion(w.orgA.id, w.userIds.memberA, "network");
    const person = await viewerFor(db, (await createUser(db, { memberships: [{ orgId: w.orgB.id, role: "ambassador" }, { orgId: w.orgC.id, role: "member" }] })).id);
    const r = await promoteThread({ db, viewer: person, now }, tid);
    expect(r).toMatchObject({ ok: true });
    expect(await ownerOf((r as { id: string }).id)).toBe(w.orgB.id);
    expect(await promoteThread({ db, viewer: w.viewers.memberB, now }, tid)).toEqual({ ok: false, reason: "notAllowed" });
  });

  it("every principal: a restricted question's case is only ever owned by its organisation", async () => {
    const orgD = await createOrg(db);
    const tid = await solvedQuestion(w.orgA.id, w.userIds.memberA, "organisation", [w.orgB.id, orgD.id]);
    const extra: [string, Viewer][] = [
      ["ambassadorD", await viewerFor(db, (await createUser(db, { orgId: orgD.id, role: "ambassador" })).id)],
      ["adminB", await viewerFor(db, (await createUser(db, { orgId: w.orgB.id, role: "admin" })).id)],
      ["netmodAdminD", await viewerFor(db, (await createUser(db, { orgId: orgD.id, role: "admin", networkRole: "moderator" })).id)],
    ];
    const all: [string, Viewer | null][] = [...PRINCIPALS.map((n) => [n, w.viewers[n]] as [string, Viewer | null]), ...extra];
    let attempts = 0;
    for (const [name, v] of all) {
      attempts++;
      const r = await promoteThread({ db, viewer: v, now }, tid);
      if (r?.ok) expect(await ownerOf(r.id), name).toBe(w.orgA.id);
    }
    expect(attempts).toBe(all.length);
    expect((await casesFrom(tid)).map((c) => c.org_id)).toEqual([w.orgA.id]); // ambassadorA/moderatorA/adminA: one case
  });
});
