import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import type { Viewer } from "../../app/policy";
import { moderate } from "../../app/moderation/actions.server";
import { auditLog } from "../../app/moderation/audit-log.server";
import { recordAudit } from "../../app/moderation/audit.server";
import { actionSchema } from "../../app/moderation/schemas";
import { freshDatabase } from "../support/db";
import { createWorld, type World } from "../support/principals";
import { makeCase, makeThread } from "../support/moderation";

// Issue 19 item 5: /mod/log shows an entry, its title and its reason only to those who may read
// them (app/policy/audit.ts), scoped in SQL, and never ships the stored details.

let db: DB;
let destroy: () => Promise<void>;
let w: World;
const ctx = (v: Viewer | null) => ({ db, viewer: v, now: new Date() });
const act = async (who: keyof World["viewers"], input: Record<string, string>) => {
  const r = await moderate(ctx(w.viewers[who]), actionSchema.parse(input));
  expect(r.ok, JSON.stringify(r)).toBe(true);
};
const log = async (who: keyof World["viewers"], filter = {}) => {
  const r = await auditLog(ctx(w.viewers[who]), filter);
  if (!r.ok) throw new Error(`no log for ${who}`);
  return r.value;
};

let secretThread: string;
let openThread: string;
let movedCase: string;
let doomed: string;

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
  // A's organisation-only thread, hidden by A's moderator with a reason naming a person.
  secretThread = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.memberA, visibility: "organisation", title: "Hemligrubrik om Anna" });
  await act("moderatorA", { intent: "hide", targetType: "thread", targetId: secretThread, reason: "Hemligorsak: Annas personnummer" });
  await act("moderatorA", { intent: "mark_outdated", targetType: "thread", targetId: secretThread, note: "Hemliganteckning om Anna" });
  // B's network thread, locked by the network moderator: theirs to see.
  openThread = await makeThread(db, { orgId: w.orgB.id, authorId: w.userIds.memberB, visibility: "network", title: "Öppenrubrik om molnet" });
  await act("networkModerator", { intent: "lock", targetType: "thread", targetId: openThread, reason: "Öppenorsak" });
  // A's network case, hidden by A's moderator, later moved into B as B-only.
  movedCase = await makeCase(db, { orgId: w.orgA.id, authorId: w.userIds.adminA, visibility: "network", title: "Flyttfallets rubrik" });
  await act("moderatorA", { intent: "hide", targetType: "case", targetId: movedCase, reason: "Flyttorsak" });
  await db.updateTable("cases").set({ org_id: w.orgB.id, visibility: "organisation" }).where("id", "=", movedCase).execute();
  // A membership change in A (details name an address) and a gallring of A's organisation-only thread.
  await recordAudit(db, { actorId: w.userIds.adminA, action: "membership.role_changed", targetType: "membership", targetId: `${w.orgA.id}:${w.userIds.memberA}`, orgId: w.orgA.id, reason: "Medlemsorsak", details: { email: "hemligadress@a.test.se" } });
  doomed = await makeThread(db, { orgId: w.orgA.id, authorId: w.userIds.memberA, visibility: "organisation", title: "Gallradrubrik om Anna" });
  await act("networkAdmin", { intent: "dispose", targetType: "thread", targetId: doomed, decisionRef: "Gallrbeslut 2026/7" });
});
afterAll(() => destroy());

const SECRETS = ["Hemligrubrik", "Hemligorsak", "Hemliganteckning", "hemligadress", "Medlemsorsak", "Gallradrubrik", "Gallrbeslut"];

describe("a network moderator's audit log", () => {
  it("lists only entries about content they may read, with titles and reasons", async () => {
    const v = await log("networkModerator");
    expect(v.entries.map((e) => `${e.target_type}:${e.target_id}:${e.action}`)).toEqual([`thread:${openThread}:thread.lock`]);
    expect(v.entries[0]).toMatchObject({ title: "Öppenrubrik om molnet", reason: "Öppenorsak", href: `/t/${openThread}` });
    const all = JSON.stringify(v);
    for (const s of SECRETS) expect(all, s).not.toContain(s);
  });

  it("keeps other organisations' actors and organisations out of the filter choices", async () => {
    const v = await log("networkModerator");
    expect(v.facets.actors.map((a) => a.id)).toEqual([w.userIds.networkModerator]);
    expect(v.facets.orgs.map((o) => o.id)).toEqual([w.orgB.id]);
    expect(v.facets.actions).toEqual(["thread.lock"]);
  });

  it("finds nothing outside its scope through the filters either", async () => {
    const v = await log("networkModerator", { org: w.orgA.id });
    expect(v.entries).toEqual([]);
    const byActor = await log("networkModerator", { actor: w.userIds.moderatorA });
    expect(byActor.entries).toEqual([]);
  });
});

describe("an organisation moderator's audit log", () => {
  it("lists every entry of their organisation, but no title of an item moved out of their audience", async () => {
    const v = await log("moderatorA");
    expect(v.entries.every((e) => e.org_id === w.orgA.id)).toBe(true);
    const moved = v.entries.find((e) => e.target_type === "case" && e.target_id === movedCase);
    expect(moved).toMatchObject({ action: "case.hide", reason: "Flyttorsak", title: null, href: null });
    expect(JSON.stringify(v)).not.toContain("Flyttfallets rubrik");
    const secret = v.entries.find((e) => e.target_id === secretThread && e.action === "thread.hide");
    expect(secret).toMatchObject({ title: "Hemligrubrik om Anna", reason: "Hemligorsak: Annas personnummer" });
    expect(v.entries.some((e) => e.target_id === openThread)).toBe(false);
  });

  it("never sends the stored details (addresses, previous notes) to the page", async () => {
    const v = await log("moderatorA");
    expect(v.entries.length).toBeGreaterThan(0);
    for (const e of v.entries) expect(Object.keys(e)).not.toContain("details");
    expect(JSON.stringify(v)).not.toContain("hemligadress");
  });
});

describe("a network admin's audit log", () => {
  it("lists every entry, with a gallrad item's logged title", async () => {
    const v = await log("networkAdmin");
    const actions = v.entries.map((e) => e.action);
    for (const a of ["thread.hide", "thread.mark_outdated", "thread.lock", "case.hide", "membership.role_changed", "thread.gallring"]) expect(actions).toContain(a);
    expect(v.entries.find((e) => e.action === "thread.gallring")).toMatchObject({ title: "Gallradrubrik om Anna", reason: "Gallrbeslut 2026/7" });
  });

  it("gives no log to members", async () => {
    expect(await auditLog(ctx(w.viewers.memberA), {})).toEqual({ ok: false, error: "forbidden" });
    expect(await auditLog(ctx(null), {})).toEqual({ ok: false, error: "forbidden" });
  });
});
