import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import type { Viewer } from "../../app/policy";
import { PostgresEngine } from "../../search/postgres/engine";
import { SYNONYMS_TASK } from "../../search/worker";
import { refreshStatistics, upsertDocuments } from "../../search/postgres/indexer";
import { freshDatabase } from "../support/db";
import { createOrg, createUser, viewerFor } from "../support/factories";
import { makeDoc, req } from "../support/search";

// /admin/synonyms through the route module: network admins only (others 404), bad input 400 with
// the field marked and the text kept, every change in the audit log, and the search follows.
let db: DB;
let destroy: () => Promise<void>;
let v: { admin: Viewer; orgAdmin: Viewer; member: Viewer };

beforeAll(async () => {
  let url: string;
  ({ db, destroy, url } = await freshDatabase());
  process.env.DATABASE_URL = url;
  const org = await createOrg(db, { name: "Kommun Syn" });
  v = {
    admin: await viewerFor(db, (await createUser(db, { orgId: org.id, networkRole: "admin" })).id),
    orgAdmin: await viewerFor(db, (await createUser(db, { orgId: org.id, role: "admin" })).id),
    member: await viewerFor(db, (await createUser(db, { orgId: org.id })).id),
  };
  await upsertDocuments(db, [makeDoc({ orgId: org.id, title: "Om bredbandsutbyggnad", summary: "Fiber till alla." })]);
  await refreshStatistics(db);
});
afterAll(async () => {
  const { closeDb } = await import("../../db/client");
  await closeDb();
  await destroy();
});

async function call(viewer: Viewer | null, method: "GET" | "POST", body: Record<string, string> = {}) {
  const mod = await import("../../app/routes/admin.synonyms");
  const request = new Request("http://localhost/admin/synonyms", method === "POST"
    ? { method, body: new URLSearchParams(body), headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost" } } : {});
  const context = { viewer, sessionId: null, locale: "sv" as const, nonce: "n", clientIp: "10.0.0.9" };
  try {
    const res = (await (method === "POST" ? mod.action : mod.loader)({ request, params: {}, context })) as Response;
    const text = await res.text();
    return { status: res.status, data: res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, data: null };
    throw e;
  }
}

const queuedSynonymJobs = async () =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = ${SYNONYMS_TASK}`.execute(db)).rows[0].n);
const audit = (action: string) => db.selectFrom("audit_log").selectAll().where("action", "=", action).execute();

describe("/admin/synonyms", () => {
  it("is not found for guests, members and organisation admins, page and actions alike", async () => {
    for (const who of [null, v.member, v.orgAdmin]) {
      expect((await call(who, "GET")).status).toBe(404);
      expect((await call(who, "POST", { intent: "add", terms: "bredband, fiber" })).status).toBe(404);
    }
    expect(await db.selectFrom("search_synonyms").select("id").where((eb) => eb("terms", "@>", eb.val(["fiber"]))).execute()).toEqual([]);
  });

  it("lists the seeded groups to a network admin", async () => {
    const r = await call(v.admin, "GET");
    expect(r.status).toBe(200);
    expect(r.data.groups.length).toBeGreaterThanOrEqual(15);
    expect(r.data.groups.map((g: { terms: string[] }) => g.terms)).toContainEqual(expect.arrayContaining(["dpia", "konsekvensbedömning"]));
  });

  it("refuses bad input with 400, the field marked and the text kept", async () => {
    const one = await call(v.admin, "POST", { intent: "add", terms: "bara ett ord" });
    expect(one.status).toBe(400);
    expect(one.data.errors.terms[0].key).toBe("search:synonyms.errors.tooFew");
    expect(one.data.values.terms).toBe("bara ett ord");
    const dup = await call(v.admin, "POST", { intent: "add", terms: "DPIA, integritetsanalys" });
    expect(dup.status).toBe(400);
    expect(dup.data.errors.terms[0]).toEqual({ key: "search:synonyms.errors.exists", params: { term: "dpia" } });
    expect((await call(v.admin, "POST", { intent: "add", terms: "x".repeat(2000) })).status).toBe(400);
    expect((await call(v.admin, "POST", { intent: "remove", id: "abc" })).status).toBe(400);
    expect((await call(v.admin, "POST", { intent: "remove", id: "999999" })).status).toBe(404);
  });

  it("adds a group (audited) that the search uses at once, and removes it (audited, soft)", async () => {
    expect((await new PostgresEngine(db).search(req("fiber"), v.member)).total).toBe(1);
    expect((await new PostgresEngine(db).search(req("stadsnät"), v.member)).total).toBe(0);
    const r = await call(v.admin, "POST", { intent: "add", terms: "Stadsnät, bredbandsutbyggnad" });
    expect(r.status).toBe(200);
    expect((await new PostgresEngine(db).search(req("stadsnät"), v.member)).total).toBe(1);
    // Meilisearch gets the same groups: the change queued its job (one, whatever the changes).
    expect(await queuedSynonymJobs()).toBe(1);
    const [added] = await audit("search.synonyms_added");
    expect(added.actor_id).toBe(v.admin.id);
    const id = added.target_id;
    expect((await call(v.admin, "POST", { intent: "remove", id })).status).toBe(200);
    expect((await new PostgresEngine(db).search(req("stadsnät"), v.member)).total).toBe(0);
    expect((await audit("search.synonyms_removed")).map((a) => a.target_id)).toEqual([id]);
    expect(await queuedSynonymJobs()).toBe(1);
    const row = await db.selectFrom("search_synonyms").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
    expect(row.terms).toEqual(["stadsnät", "bredbandsutbyggnad"]);
  });
});
