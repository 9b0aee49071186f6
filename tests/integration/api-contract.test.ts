import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { closeDb } from "../../db/client";
import { drainOutbox } from "../../search/worker";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { makeCase } from "../support/cases";
import { createWorld, type World } from "../support/principals";
import { bodyOf, callApi, loadApiRoutes, tokenFor, type ApiRoutes } from "../support/api";

// Contract: REAL responses of every operation, validated with ajv (JSON Schema 2020-12, as
// OpenAPI 3.1 uses) against the document the server serves at /api/v1/openapi.json. Response
// schemas are strict (additionalProperties: false), so a field the document does not name fails.
let db: DB;
let destroy: () => Promise<void>;
let w: World;
let R: ApiRoutes;
let doc: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>; components: { schemas: Record<string, unknown> } };
let ajv: InstanceType<typeof Ajv2020>;
let write: string;
let writeB: string;

beforeAll(async () => {
  let url: string;
  ({ db, destroy, url } = await freshDatabase());
  process.env.DATABASE_URL = url;
  process.env.API_RATE_LIMIT_PER_MINUTE = "100000";
  process.env.API_ANON_RATE_LIMIT_PER_MINUTE = "100000";
  w = await createWorld(db);
  await createForumTags(db, [{ slug: "kontrakt", sv: "Kontrakt", en: "Contract", area: "it" }]);
  R = await loadApiRoutes();
  write = await tokenFor(db, w.viewers.ambassadorA!, "write");
  writeB = await tokenFor(db, w.viewers.memberB!, "write");
  const served = await callApi(R.openapi, "/api/v1/openapi.json");
  expect(served.status).toBe(200);
  doc = await bodyOf(served);
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // OpenAPI keywords that are not JSON Schema.
  ajv.addKeyword("example");
  ajv.addSchema({ $id: "openapi", components: doc.components });
});
afterAll(async () => {
  await closeDb();
  await destroy();
});

function schemaFor(path: string, method: string, status: number, type: string) {
  const op = doc.paths[path]?.[method];
  expect(op, `${method} ${path} is documented`).toBeTruthy();
  const res = op.responses[String(status)];
  expect(res, `${method} ${path} documents ${status}`).toBeTruthy();
  const media = res.content?.[type];
  expect(media, `${method} ${path} ${status} documents ${type}`).toBeTruthy();
  // The document's refs are "#/components/schemas/X": resolve them inside the registered document.
  return JSON.parse(JSON.stringify(media!.schema).replaceAll('"#/components/', '"openapi#/components/'));
}

async function conforms(path: string, method: string, r: Response) {
  const type = (r.headers.get("content-type") ?? "").split(";")[0];
  const body = await bodyOf(r);
  const validate = ajv.compile(schemaFor(path, method, r.status, type));
  const ok = validate(body);
  expect(ok, `${method} ${path} ${r.status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 400)}`).toBe(true);
  return body;
}

describe("the served document", () => {
  it("is OpenAPI 3.1 with every operation, a bearer scheme and problem responses", async () => {
    expect(doc).toMatchObject({ openapi: "3.1.0", info: { title: "Allmänning API" } });
    const ops = Object.entries(doc.paths).flatMap(([p, m]) => Object.keys(m).map((x) => `${x.toUpperCase()} ${p}`)).sort();
    expect(ops).toEqual([
      "GET /api/v1/cases", "GET /api/v1/cases/{id}", "GET /api/v1/cases/{id}/adoptions", "GET /api/v1/organisations", "GET /api/v1/people/{handle}",
      "GET /api/v1/search", "GET /api/v1/tags", "GET /api/v1/threads", "GET /api/v1/threads/{id}", "GET /api/v1/threads/{id}/posts",
      "POST /api/v1/cases", "POST /api/v1/cases/{id}/adoptions", "POST /api/v1/threads", "POST /api/v1/threads/{id}/posts",
    ]);
    expect((doc as unknown as { components: { securitySchemes: Record<string, unknown> } }).components.securitySchemes.bearerToken).toMatchObject({ type: "http", scheme: "bearer" });
    // Every component schema compiles as JSON Schema 2020-12.
    for (const name of Object.keys(doc.components.schemas)) expect(() => ajv.getSchema(`openapi#/components/schemas/${name}`)).not.toThrow();
  });
});

describe("real responses match the document", () => {
  it("reads and writes, 200 and 201", async () => {
    const t = await callApi(R.threads, "/api/v1/threads", { token: write, json: { title: "Kontraktets fråga", body: "Text **fet**", tags: ["kontrakt"], orgId: w.orgA.id, audience: "public" } });
    const created = await conforms("/api/v1/threads", "post", t);
    const id = created.id as string;
    await conforms("/api/v1/threads/{id}/posts", "post", await callApi(R.posts, `/api/v1/threads/${id}/posts`, { token: writeB, json: { body: "Ett svar" }, params: { id } }));
    const caseId = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { visibility: "public", title: "Kontraktsfall" });
    await conforms("/api/v1/cases/{id}/adoptions", "post", await callApi(R.adoptions, `/api/v1/cases/${caseId}/adoptions`, { token: writeB, json: { orgId: w.orgB.id, status: "adopted", adoptedOn: "2026-11-01" }, params: { id: caseId } }));
    await conforms("/api/v1/cases", "post", await callApi(R.cases, "/api/v1/cases", { token: write, json: { orgId: w.orgA.id, visibility: "organisation", title: "Kontraktsutkast" } }));
    await drainOutbox(db, null);

    const threads = await conforms("/api/v1/threads", "get", await callApi(R.threads, "/api/v1/threads?limit=1", { token: write }));
    expect(threads.items).toHaveLength(1);
    expect(typeof threads.next === "string" || threads.next === null).toBe(true);
    const thread = await conforms("/api/v1/threads/{id}", "get", await callApi(R.thread, `/api/v1/threads/${id}`, { params: { id } }));
    expect(thread.bodyHtml).toContain("<strong>fet</strong>");
    expect((await conforms("/api/v1/threads/{id}/posts", "get", await callApi(R.posts, `/api/v1/threads/${id}/posts`, { params: { id } }))).items).toHaveLength(1);
    expect((await conforms("/api/v1/cases", "get", await callApi(R.cases, "/api/v1/cases", { token: write }))).items.length).toBeGreaterThan(0);
    await conforms("/api/v1/cases/{id}", "get", await callApi(R.case, `/api/v1/cases/${caseId}`, { token: writeB, params: { id: caseId } }));
    expect((await conforms("/api/v1/cases/{id}/adoptions", "get", await callApi(R.adoptions, `/api/v1/cases/${caseId}/adoptions`, { params: { id: caseId } }))).items).toHaveLength(1);
    await conforms("/api/v1/tags", "get", await callApi(R.tags, "/api/v1/tags"));
    await conforms("/api/v1/organisations", "get", await callApi(R.organisations, "/api/v1/organisations"));
    const handle = w.viewers.memberB!.handle;
    await conforms("/api/v1/people/{handle}", "get", await callApi(R.person, `/api/v1/people/${handle}`, { token: write, params: { handle } }));
    const hits = await conforms("/api/v1/search", "get", await callApi(R.search, "/api/v1/search?q=kontraktets", {}));
    expect(hits.items.length).toBeGreaterThan(0);
  });

  it("problem responses, for each documented error status", async () => {
    const read = await tokenFor(db, w.viewers.memberA!, "read");
    await conforms("/api/v1/threads", "get", await callApi(R.threads, "/api/v1/threads?limit=0"));
    await conforms("/api/v1/threads", "get", await callApi(R.threads, "/api/v1/threads", { headers: { Authorization: "Bearer x" } }));
    await conforms("/api/v1/threads/{id}", "get", await callApi(R.thread, "/api/v1/threads/9999", { params: { id: "9999" } }));
    await conforms("/api/v1/threads", "post", await callApi(R.threads, "/api/v1/threads", { token: read, json: {} }));
    await conforms("/api/v1/threads", "post", await callApi(R.threads, "/api/v1/threads", { token: write, json: { nope: 1 } }));
    await conforms("/api/v1/threads", "post", await callApi(R.threads, "/api/v1/threads", { token: write, method: "POST", rawBody: "{", contentType: "application/json" }));
    await conforms("/api/v1/threads", "post", await callApi(R.threads, "/api/v1/threads", { token: write, method: "POST", rawBody: "a=b", contentType: "text/plain" }));
    await conforms("/api/v1/threads", "post", await callApi(R.threads, "/api/v1/threads", { token: write, method: "POST", rawBody: JSON.stringify({ body: "x".repeat(300_000) }), contentType: "application/json" }));
    await conforms("/api/v1/threads", "post", await callApi(R.threads, "/api/v1/threads", { json: {} }));
    process.env.API_RATE_LIMIT_PER_MINUTE = "1";
    try {
      const t = await tokenFor(db, w.viewers.memberA!, "read");
      await callApi(R.tags, "/api/v1/tags", { token: t });
      const limited = await callApi(R.tags, "/api/v1/tags", { token: t });
      expect(limited.status).toBe(429);
      await conforms("/api/v1/tags", "get", limited);
    } finally {
      process.env.API_RATE_LIMIT_PER_MINUTE = "100000";
    }
  });
});
