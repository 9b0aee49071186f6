import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { closeDb } from "../../db/client";
import { apiTokenHash, listApiTokens, revokeApiToken } from "../../app/api/tokens.server";
import { listThreads } from "../../app/forum/threads.server";
import { setDeactivated } from "../../app/orgs/people.server";
import { isCrossSiteWrite } from "../../app/lib/security.server";
import { drainOutbox } from "../../search/worker";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { makeCase } from "../support/cases";
import { createUser, viewerFor } from "../support/factories";
import { createWorld, type World } from "../support/principals";
import { bodyOf, callApi, loadApiRoutes, tokenFor, type ApiRoutes } from "../support/api";

// The JSON API through its real route modules against real PostgreSQL: every endpoint, cursor
// pages, ETag/304, problem details, bad tokens, scopes, the rate limit, idempotent writes and the
// CSRF exemption's exact edges.
let db: DB;
let destroy: () => Promise<void>;
let w: World;
let R: ApiRoutes;
let write: string; // ambassadorA, write scope
let read: string; // ambassadorA, read scope
let writeB: string; // memberB, write scope
const TAG = "api-tagg";

beforeAll(async () => {
  let url: string;
  ({ db, destroy, url } = await freshDatabase());
  process.env.DATABASE_URL = url;
  process.env.API_RATE_LIMIT_PER_MINUTE = "100000";
  process.env.API_ANON_RATE_LIMIT_PER_MINUTE = "100000";
  w = await createWorld(db);
  await createForumTags(db, [{ slug: TAG, sv: "API-tagg", en: "API tag", area: "it" }]);
  R = await loadApiRoutes();
  write = await tokenFor(db, w.viewers.ambassadorA!, "write");
  read = await tokenFor(db, w.viewers.ambassadorA!, "read");
  writeB = await tokenFor(db, w.viewers.memberB!, "write");
});
afterAll(async () => {
  await closeDb();
  await destroy();
});

const newThread = (o: Record<string, unknown> = {}) => ({ kind: "question", title: `En fråga om API ${Math.random().toString(36).slice(2, 8)}`, body: "Hur gör ni?", tags: [TAG], orgId: w.orgA.id, audience: "network", ...o });
async function createThread(token = write, o: Record<string, unknown> = {}) {
  const r = await callApi(R.threads, "/api/v1/threads", { token, json: newThread(o) });
  expect(r.status, await r.clone().text()).toBe(201);
  return (await bodyOf(r)).id as string;
}
async function expectProblem(r: Response, status: number, type: string) {
  expect(r.status).toBe(status);
  expect(r.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const p = await bodyOf(r);
  expect(p).toMatchObject({ type: `/api/v1/docs#problem-${type}`, status });
  expect(typeof p.title).toBe("string");
  expect(p.detail.length).toBeGreaterThan(5);
  return p;
}

describe("tokens", () => {
  it("are stored only as a hash, shown once, and show when they were last used", async () => {
    const token = await tokenFor(db, w.viewers.memberA!, "read");
    expect(token).toMatch(/^allm_[A-Za-z0-9_-]{43}$/);
    const rows = await db.selectFrom("api_tokens").selectAll().where("user_id", "=", w.userIds.memberA).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toBe(apiTokenHash(token));
    expect(JSON.stringify(rows)).not.toContain(token.slice(5));
    const ctx = { db, viewer: w.viewers.memberA, now: new Date() };
    expect((await listApiTokens(ctx))[0]).toMatchObject({ lastUsedAt: null, active: true, scope: "read" });
    expect((await callApi(R.tags, "/api/v1/tags", { token })).status).toBe(200);
    const after = (await listApiTokens(ctx))[0];
    expect(after.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(after)).not.toContain(token);
  });

  it("a revoked token stops at once; someone else's token cannot be revoked", async () => {
    const token = await tokenFor(db, w.viewers.memberA!, "read");
    const [mine] = await listApiTokens({ db, viewer: w.viewers.memberA, now: new Date() });
    expect(await revokeApiToken({ db, viewer: w.viewers.memberB, now: new Date() }, mine.id)).toBe(false);
    expect((await callApi(R.tags, "/api/v1/tags", { token })).status).toBe(200);
    expect(await revokeApiToken({ db, viewer: w.viewers.memberA, now: new Date() }, mine.id)).toBe(true);
    const p = await expectProblem(await callApi(R.tags, "/api/v1/tags", { token }), 401, "invalid-token");
    expect(p.detail).toMatch(/revoked/);
  });

  it("malformed, unknown and expired tokens are 401 problems with WWW-Authenticate", async () => {
    for (const header of ["Bearer nope", "Basic dXNlcjpwYXNz", "Bearer allm_short", `Bearer allm_${"x".repeat(43)} extra`]) {
      const r = await callApi(R.tags, "/api/v1/tags", { headers: { Authorization: header } });
      await expectProblem(r, 401, "invalid-token");
      expect(r.headers.get("www-authenticate")).toMatch(/^Bearer realm="api", error="invalid_token"/);
    }
    await expectProblem(await callApi(R.tags, "/api/v1/tags", { token: `allm_${"A".repeat(43)}` }), 401, "invalid-token");
    const token = await tokenFor(db, w.viewers.memberA!, "read");
    await db.updateTable("api_tokens").set({ expires_at: new Date(Date.now() - 1000) }).where("token_hash", "=", apiTokenHash(token)).execute();
    expect((await expectProblem(await callApi(R.tags, "/api/v1/tags", { token }), 401, "invalid-token")).detail).toMatch(/expired/);
  });

  it("a deactivated person's tokens stop working, and stay revoked if they come back", async () => {
    const u = await createUser(db, { orgId: w.orgA.id });
    const token = await tokenFor(db, await viewerFor(db, u.id), "write");
    expect((await callApi(R.threads, "/api/v1/threads", { token })).status).toBe(200);
    // Deactivated behind the domain's back (as an anonymisation might): the owner check refuses it.
    await db.updateTable("users").set({ deactivated_at: new Date() }).where("id", "=", u.id).execute();
    expect((await expectProblem(await callApi(R.threads, "/api/v1/threads", { token }), 401, "invalid-token")).detail).toMatch(/not active/);
    await db.updateTable("users").set({ deactivated_at: null }).where("id", "=", u.id).execute();
    expect((await callApi(R.threads, "/api/v1/threads", { token })).status).toBe(200);
    // Through the admin's deactivation: the token is revoked, so reactivating does not revive it.
    const admin = { db, viewer: w.viewers.networkAdmin, now: new Date() };
    expect((await setDeactivated(admin, u.id, true)).ok).toBe(true);
    expect((await setDeactivated(admin, u.id, false)).ok).toBe(true);
    expect((await expectProblem(await callApi(R.threads, "/api/v1/threads", { token }), 401, "invalid-token")).detail).toMatch(/revoked/);
  });

  it("a read token cannot write (403); a write without any token is 401", async () => {
    const r = await callApi(R.threads, "/api/v1/threads", { token: read, json: newThread() });
    await expectProblem(r, 403, "insufficient-scope");
    expect(r.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    await expectProblem(await callApi(R.threads, "/api/v1/threads", { json: newThread() }), 401, "unauthorized");
    expect(await db.selectFrom("threads").select("id").where("title", "like", "En fråga om API%").execute()).toHaveLength(0);
  });

  it("the settings form refuses a bad scope or expiry with field errors", async () => {
    const { createApiToken } = await import("../../app/api/tokens.server");
    const r = await createApiToken({ db, viewer: w.viewers.memberA, now: new Date() }, { name: "", scope: "admin" as never, expiresInDays: 9999 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(["expiresInDays", "name", "scope"]);
    const anon = await createApiToken({ db, viewer: null, now: new Date() }, { name: "x", scope: "read", expiresInDays: 7 });
    expect(anon.ok).toBe(false);
  });
});

describe("reads", () => {
  it("every read endpoint answers JSON for a token, and public data without one", async () => {
    const threadId = await createThread(write, { audience: "public" });
    const caseId = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { visibility: "public", title: "Offentligt API-fall" });
    const handle = w.viewers.memberB!.handle;
    const gets: [keyof ApiRoutes, string, Record<string, string>][] = [
      ["threads", "/api/v1/threads", {}], ["thread", `/api/v1/threads/${threadId}`, { id: threadId }], ["posts", `/api/v1/threads/${threadId}/posts`, { id: threadId }],
      ["cases", "/api/v1/cases", {}], ["case", `/api/v1/cases/${caseId}`, { id: caseId }], ["adoptions", `/api/v1/cases/${caseId}/adoptions`, { id: caseId }],
      ["tags", "/api/v1/tags", {}], ["organisations", "/api/v1/organisations", {}], ["person", `/api/v1/people/${handle}`, { handle }],
      ["search", "/api/v1/search?q=fr%C3%A5ga", {}],
    ];
    for (const [route, path, params] of gets) {
      const r = await callApi(R[route], path, { token: read, params });
      expect(r.status, `${path}: ${await r.clone().text()}`).toBe(200);
      expect(r.headers.get("content-type")).toMatch(/^application\/json/);
      expect(r.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(r.headers.get("vary")).toContain("Authorization");
    }
    expect((await bodyOf(await callApi(R.thread, `/api/v1/threads/${threadId}`, { params: { id: threadId } }))).id).toBe(threadId);
    expect((await bodyOf(await callApi(R.case, `/api/v1/cases/${caseId}`, { params: { id: caseId } }))).title).toBe("Offentligt API-fall");
    // People are for members of the network, as /u/{handle}: signed out it is "not found".
    await expectProblem(await callApi(R.person, `/api/v1/people/${handle}`, { params: { handle } }), 404, "not-found");
    const person = await bodyOf(await callApi(R.person, `/api/v1/people/${handle}`, { token: read, params: { handle } }));
    expect(Object.keys(person).sort()).toEqual(["handle", "memberships", "name", "primaryOrg", "title"]);
    expect(JSON.stringify(person)).not.toContain("@");
  });

  it("the search endpoint finds what the search page finds", async () => {
    const threadId = await createThread(write, { title: "Sökbar fråga om kvastfenor", audience: "public" });
    await drainOutbox(db, null);
    const r = await bodyOf(await callApi(R.search, "/api/v1/search?q=kvastfenor", {}));
    expect(r.items.map((h: { id: string }) => h.id)).toContain(threadId);
    expect(r.total).toBeGreaterThanOrEqual(1);
    await expectProblem(await callApi(R.search, "/api/v1/search?q=x&sort=new", {}), 400, "unknown-field");
  });

  it("cursor pages walk the whole list once, in the list's order", async () => {
    const tag = "api-sidor";
    await createForumTags(db, [{ slug: tag, sv: tag, en: tag, area: "it" }]);
    for (let i = 0; i < 7; i++) await createThread(write, { tags: [tag] });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await bodyOf(await callApi(R.threads, `/api/v1/threads?tag=${tag}&limit=3${cursor ? `&cursor=${cursor}` : ""}`, { token: read }));
      expect(r.items.length).toBeLessThanOrEqual(3);
      seen.push(...r.items.map((t: { id: string }) => t.id));
      cursor = r.next;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    const expected = (await listThreads({ db, viewer: w.viewers.ambassadorA, now: new Date() }, { tags: [tag] }, null, 100)).items.map((t) => t.id);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(7);
  });

  it("cases, posts, tags and organisations page by cursor too", async () => {
    await createForumTags(db, [{ slug: "api-tagg-2", sv: "Två", en: "Two", area: "hr" }]);
    for (let i = 0; i < 3; i++) await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { title: `Sidfall ${i}` });
    const walk = async (route: keyof ApiRoutes, path: string, params: Record<string, string> = {}) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      for (let n = 0; n < 50; n++) {
        const sep = path.includes("?") ? "&" : "?";
        const r = await bodyOf(await callApi(R[route], `${path}${sep}limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token: read, params }));
        ids.push(...r.items.map((x: { id?: string; slug?: string }) => x.id ?? x.slug));
        cursor = r.next;
        if (!cursor) break;
      }
      return ids;
    };
    const all = async (route: keyof ApiRoutes, path: string, params: Record<string, string> = {}) =>
      (await bodyOf(await callApi(R[route], `${path}${path.includes("?") ? "&" : "?"}limit=100`, { token: read, params }))).items.map((x: { id?: string; slug?: string }) => x.id ?? x.slug);
    for (const [route, path] of [["cases", "/api/v1/cases?q=Sidfall"], ["tags", "/api/v1/tags"], ["organisations", "/api/v1/organisations"]] as const) {
      const paged = await walk(route, path);
      expect(paged.length, path).toBeGreaterThanOrEqual(3);
      expect(paged, path).toEqual(await all(route, path));
    }
    const t = await createThread();
    for (let i = 0; i < 5; i++) expect((await callApi(R.posts, `/api/v1/threads/${t}/posts`, { token: writeB, json: { body: `Svar ${i}` }, params: { id: t } })).status).toBe(201);
    const posts = await walk("posts", `/api/v1/threads/${t}/posts`, { id: t });
    expect(posts).toHaveLength(5);
    expect(posts).toEqual(await all("posts", `/api/v1/threads/${t}/posts`, { id: t }));
  });

  it("a bad cursor or limit is a 400 problem naming the parameter", async () => {
    for (const q of ["limit=0", "limit=101", "limit=abc", "cursor=%%%", "cursor=bm90LWpzb24"]) {
      const p = await expectProblem(await callApi(R.threads, `/api/v1/threads?${q}`, { token: read }), 400, "bad-request");
      expect(p.detail).toMatch(/limit|cursor/);
    }
    await expectProblem(await callApi(R.threads, "/api/v1/threads?colour=red", { token: read }), 400, "unknown-field");
  });

  it("ETag and If-None-Match: 304 while nothing changed, 200 with a new tag after a change", async () => {
    const id = await createThread();
    const path = `/api/v1/threads/${id}`;
    const first = await callApi(R.thread, path, { token: read, params: { id } });
    const etag = first.headers.get("etag")!;
    const again = await callApi(R.thread, path, { token: read, params: { id }, headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect((await callApi(R.thread, path, { token: read, params: { id }, headers: { "If-None-Match": `"other", W/${etag}` } })).status).toBe(304);
    expect((await callApi(R.posts, `/api/v1/threads/${id}/posts`, { token: writeB, json: { body: "Ett nytt svar" }, params: { id } })).status).toBe(201);
    const changed = await callApi(R.thread, path, { token: read, params: { id }, headers: { "If-None-Match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect((await bodyOf(changed)).replyCount).toBe(1);
  });

  it("missing, unreadable and malformed ids are the same 404 problem; unknown paths too", async () => {
    const secret = await createThread(write, { audience: "organisation" });
    await expectProblem(await callApi(R.thread, `/api/v1/threads/${secret}`, { token: writeB, params: { id: secret } }), 404, "not-found");
    await expectProblem(await callApi(R.thread, "/api/v1/threads/999999", { token: writeB, params: { id: "999999" } }), 404, "not-found");
    await expectProblem(await callApi(R.thread, "/api/v1/threads/abc", { params: { id: "abc" } }), 404, "not-found");
    await expectProblem(await callApi(R.posts, `/api/v1/threads/${secret}/posts`, { token: writeB, params: { id: secret } }), 404, "not-found");
    await expectProblem(await callApi(R.case, "/api/v1/cases/1%27", { params: { id: "1'" } }), 404, "not-found");
    await expectProblem(await callApi(R.other, "/api/v1/nothing"), 404, "not-found");
    await expectProblem(await callApi(R.thread, "/api/v1/threads/1", { method: "DELETE", token: write, params: { id: "1" } }), 405, "method-not-allowed");
  });

  it("problems are translated: Swedish first, English on request", async () => {
    const sv = await bodyOf(await callApi(R.threads, "/api/v1/threads?limit=0", { locale: "sv" }));
    const en = await bodyOf(await callApi(R.threads, "/api/v1/threads?limit=0", { locale: "en" }));
    expect(sv.title).toBe("Felaktig förfrågan");
    expect(en.title).toBe("Bad request");
    expect(sv.type).toBe(en.type);
  });
});

describe("writes", () => {
  it("create thread, reply, create case and record adoption, through the pages' domain functions", async () => {
    const t = await callApi(R.threads, "/api/v1/threads", { token: write, json: newThread({ title: "Skriven via API:et" }) });
    expect(t.status).toBe(201);
    const created = await bodyOf(t);
    expect(t.headers.get("location")).toBe(`/api/v1/threads/${created.id}`);
    const row = await db.selectFrom("threads").selectAll().where("id", "=", created.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: "Skriven via API:et", author_id: w.userIds.ambassadorA, org_id: w.orgA.id, visibility: "network" });
    // The same domain side effects as the page: the search outbox and the domain event.
    expect(await db.selectFrom("events").select("type").where("thread_id", "=", created.id).execute()).toContainEqual({ type: "thread.created" });

    const rep = await callApi(R.posts, `/api/v1/threads/${created.id}/posts`, { token: writeB, json: { body: "Svar från B" }, params: { id: created.id } });
    expect(rep.status).toBe(201);
    const posts = await bodyOf(await callApi(R.posts, `/api/v1/threads/${created.id}/posts`, { token: read, params: { id: created.id } }));
    expect(posts.items.map((p: { bodyHtml: string }) => p.bodyHtml)).toEqual([expect.stringContaining("Svar från B")]);

    const draft = await callApi(R.cases, "/api/v1/cases", { token: write, json: { orgId: w.orgA.id, visibility: "network", title: "API-utkast" } });
    expect(draft.status, await draft.clone().text()).toBe(201);
    const draftId = (await bodyOf(draft)).id;
    expect((await bodyOf(await callApi(R.case, `/api/v1/cases/${draftId}`, { token: read, params: { id: draftId } }))).state).toBe("draft");
    // A draft is for its editors: memberB does not see it, exactly as on the page.
    await expectProblem(await callApi(R.case, `/api/v1/cases/${draftId}`, { token: writeB, params: { id: draftId } }), 404, "not-found");

    const published = await callApi(R.cases, "/api/v1/cases", { token: write, json: {
      publish: true, orgId: w.orgA.id, visibility: "network", title: "API-publicerat fall", summary: "Kort.", area: "it", status: "pilot",
      techniques: ["generative_llm"], problem: "Problem.", approach: "Metod.", outcomes: "Resultat.", lastUpdated: "2026-11-01", reviewBy: "2099-01-01",
      evaluated: "no", aiActRisk: "limited", lessons: "Lärdomar.", humanOversight: "Handläggare granskar.", startDate: "2026-01-10", personalData: false, contactEmail: w.viewers.ambassadorA!.email, figures: [{ label: "Tid", value: "12", unit: "h" }],
    } });
    expect(published.status, await published.clone().text()).toBe(201);
    const caseId = (await bodyOf(published)).id;
    expect((await bodyOf(await callApi(R.case, `/api/v1/cases/${caseId}`, { token: writeB, params: { id: caseId } }))).figures).toEqual([{ label: "Tid", value: "12", unit: "h" }]);

    const adopt = await callApi(R.adoptions, `/api/v1/cases/${caseId}/adoptions`, { token: writeB, json: { orgId: w.orgB.id, status: "trying", adoptedOn: "2026-11-15", note: "Vi provar" }, params: { id: caseId } });
    expect(adopt.status, await adopt.clone().text()).toBe(201);
    const list = await bodyOf(await callApi(R.adoptions, `/api/v1/cases/${caseId}/adoptions`, { params: { id: caseId }, token: read }));
    expect(list.items).toEqual([expect.objectContaining({ org: expect.objectContaining({ id: w.orgB.id }), status: "trying", note: "Vi provar" })]);
    // The owner's own organisation cannot adopt its case (the policy's rule, as on the page).
    const own = await callApi(R.adoptions, `/api/v1/cases/${caseId}/adoptions`, { token: write, json: { orgId: w.orgA.id, status: "adopted", adoptedOn: "2026-11-15" }, params: { id: caseId } });
    expect((await expectProblem(own, 400, "validation-failed")).errors).toEqual([expect.objectContaining({ field: "orgId" })]);
  });

  it("bad bodies: malformed, not an object, wrong type, oversized, prototype keys, unknown fields — never a 500", async () => {
    const send = (o: Parameters<typeof callApi>[2]) => callApi(R.threads, "/api/v1/threads", { token: write, method: "POST", ...o });
    await expectProblem(await send({ rawBody: "{nope", contentType: "application/json" }), 400, "invalid-json");
    await expectProblem(await send({ rawBody: "[1,2]", contentType: "application/json" }), 400, "invalid-json");
    await expectProblem(await send({ rawBody: "\u00ff\u00fe", contentType: "application/json; charset=utf-8" }), 400, "invalid-json");
    await expectProblem(await send({ rawBody: "title=x", contentType: "application/x-www-form-urlencoded" }), 415, "unsupported-media-type");
    await expectProblem(await send({ rawBody: JSON.stringify({ body: "x".repeat(300_000) }), contentType: "application/json" }), 413, "payload-too-large");
    await expectProblem(await send({ rawBody: '{"title":"x","__proto__":{"admin":true}}', contentType: "application/json" }), 400, "invalid-json");
    const unknown = await expectProblem(await send({ json: { ...newThread(), colour: "blue", author_id: "1" } }), 400, "unknown-field");
    expect(unknown.errors.map((e: { field: string }) => e.field).sort()).toEqual(["author_id", "colour"]);
    const invalid = await expectProblem(await send({ json: { title: 5, tags: "x" } }), 400, "validation-failed");
    expect(invalid.errors.map((e: { field: string }) => e.field).sort()).toEqual(["body", "orgId", "tags", "title"]);
    const domain = await expectProblem(await send({ json: newThread({ title: "Kort", tags: ["finns-inte"] }) }), 400, "validation-failed");
    expect(domain.errors.map((e: { field: string; detail: string }) => e.field).sort()).toEqual(["title"]);
    const notMine = await expectProblem(await send({ json: newThread({ orgId: w.orgB.id }) }), 400, "validation-failed");
    expect(notMine.errors[0]).toMatchObject({ field: "orgId", code: "forum:errors.orgNotYours" });
    await expectProblem(await callApi(R.cases, "/api/v1/cases", { token: write, json: { orgId: w.orgA.id, visibility: "network", title: "x", startDate: "2026-02-31" } }), 400, "validation-failed");
  });

  it("a reply to a thread the token's person may not read is a 404, and writes nothing", async () => {
    const secret = await createThread(write, { audience: "organisation" });
    await expectProblem(await callApi(R.posts, `/api/v1/threads/${secret}/posts`, { token: writeB, json: { body: "Hej" }, params: { id: secret } }), 404, "not-found");
    expect(await db.selectFrom("posts").select("id").where("thread_id", "=", secret).execute()).toHaveLength(0);
  });

  it("Idempotency-Key: a resent write answers the first result and writes once", async () => {
    const key = "resend-0123456789abcdef";
    const body = newThread({ title: "Idempotent fråga via API" });
    const a = await bodyOf(await callApi(R.threads, "/api/v1/threads", { token: write, json: body, headers: { "Idempotency-Key": key } }));
    const b = await bodyOf(await callApi(R.threads, "/api/v1/threads", { token: write, json: body, headers: { "Idempotency-Key": key } }));
    expect(b.id).toBe(a.id);
    expect(await db.selectFrom("threads").select("id").where("title", "=", "Idempotent fråga via API").execute()).toHaveLength(1);
    const [r1, r2] = await Promise.all([0, 1].map(() => callApi(R.posts, `/api/v1/threads/${a.id}/posts`, { token: writeB, json: { body: "Dubbelt?" }, params: { id: a.id }, headers: { "Idempotency-Key": "reply-key-0123456789" } })));
    expect((await bodyOf(r1)).id).toBe((await bodyOf(r2)).id);
    expect(await db.selectFrom("posts").select("id").where("thread_id", "=", a.id).execute()).toHaveLength(1);
    await expectProblem(await callApi(R.threads, "/api/v1/threads", { token: write, json: body, headers: { "Idempotency-Key": "short" } }), 400, "invalid-idempotency-key");
  });
});

describe("rate limit", () => {
  it("each token has its own budget per minute; past it, a 429 problem with Retry-After", async () => {
    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    try {
      const a = await tokenFor(db, w.viewers.memberA!, "read");
      const b = await tokenFor(db, w.viewers.memberA!, "read");
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await callApi(R.tags, "/api/v1/tags", { token: a })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const r = await callApi(R.tags, "/api/v1/tags", { token: a });
      await expectProblem(r, 429, "rate-limited");
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await callApi(R.tags, "/api/v1/tags", { token: b })).status).toBe(200);
    } finally {
      process.env.API_RATE_LIMIT_PER_MINUTE = "100000";
    }
  });
});

describe("CSRF exemption", () => {
  const base = { method: "POST", appOrigin: "https://forum.test", origin: undefined, secFetchSite: undefined };
  it("only a bearer request to /api/v1/ without a session cookie skips the Origin check", () => {
    expect(isCrossSiteWrite({ ...base, path: "/api/v1/threads", authorization: "Bearer allm_x" })).toBe(false);
    expect(isCrossSiteWrite({ ...base, path: "/api/v1/threads", authorization: "Bearer allm_x", cookie: "lang=sv" })).toBe(false);
    // A session cookie alongside: checked like every other write.
    expect(isCrossSiteWrite({ ...base, path: "/api/v1/threads", authorization: "Bearer allm_x", cookie: "allm_session=abc" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, path: "/api/v1/threads", authorization: "Bearer allm_x", cookie: "lang=sv; __Host-allm_session=abc" })).toBe(true);
    // No bearer, another scheme, or a page path: checked.
    expect(isCrossSiteWrite({ ...base, path: "/api/v1/threads" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, path: "/api/v1/threads", authorization: "Basic eDp5" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, path: "/threads/new", authorization: "Bearer allm_x" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, path: "/api/v1x/threads", authorization: "Bearer allm_x" })).toBe(true);
    // The same-origin page write still passes.
    expect(isCrossSiteWrite({ ...base, path: "/threads/new", origin: "https://forum.test" })).toBe(false);
  });
});
