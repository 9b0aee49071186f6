import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { PROBLEM_TYPES } from "./problem.server";
import * as S from "./schemas";

// The OpenAPI 3.1 document, generated from the same zod schemas the server parses with
// (@asteasolutions/zod-to-openapi). Each operation is registered once here; the docs page
// renders the generated document, so what is documented is what is served.

export type OperationMeta = { method: "get" | "post"; path: string; operationId: string; summary: string; scope: "read" | "write" };

const registry = new OpenAPIRegistry();
const bearer = registry.registerComponent("securitySchemes", "bearerToken", {
  type: "http", scheme: "bearer", description: "A personal access token (allm_…) from Settings → API tokens",
});
const security = [{ [bearer.name]: [] }, {}];

const json = (schema: z.ZodTypeAny, description: string) => ({ description, content: { "application/json": { schema } } });
const problemResponse = (description: string) => ({ description, content: { "application/problem+json": { schema: S.Problem } } });
const etagHeader = { ETag: { description: "Validator for If-None-Match", schema: { type: "string" as const } } };
const read = (schema: z.ZodTypeAny, description: string) => ({
  200: { ...json(schema, description), headers: etagHeader },
  304: { description: "Not modified (If-None-Match matched the ETag)" },
  400: problemResponse("Bad parameter"),
  401: problemResponse("Invalid, expired or revoked token"),
  404: problemResponse("Not found, or not readable by this token's person"),
  429: problemResponse("Rate limited"),
});
const write = (description: string) => ({
  201: json(S.Created, description),
  400: problemResponse("Malformed JSON, unknown field or validation failed"),
  401: problemResponse("Missing, invalid, expired or revoked token"),
  403: problemResponse("The token has read scope only"),
  404: problemResponse("Not found, or not readable by this token's person"),
  413: problemResponse("Body too large"),
  415: problemResponse("Body is not application/json"),
  429: problemResponse("Rate limited"),
});
const idParam = (name: string) => z.object({ [name]: z.string().regex(/^\d{1,18}$/).openapi({ param: { name, in: "path" } }) });
const idempotency = z.object({ "Idempotency-Key": z.string().regex(/^[A-Za-z0-9_-]{16,64}$/).optional().openapi({ description: "Repeat a write safely: the same key and content answer the first result" }) });
const body = (schema: z.ZodTypeAny) => ({ content: { "application/json": { schema } }, required: true });

export const OPERATIONS: OperationMeta[] = [];
function op(meta: OperationMeta, config: Omit<Parameters<typeof registry.registerPath>[0], "method" | "path" | "operationId" | "summary">) {
  OPERATIONS.push(meta);
  registry.registerPath({ method: meta.method, path: meta.path, operationId: meta.operationId, summary: meta.summary, security, tags: [meta.path.split("/")[3]], ...config });
}

op({ method: "get", path: "/api/v1/threads", operationId: "listThreads", summary: "Threads the reader may read, latest activity first", scope: "read" },
  { request: { query: S.ThreadListQuery.merge(S.PageQuery) }, responses: read(S.ThreadPage, "A page of threads") });
op({ method: "post", path: "/api/v1/threads", operationId: "createThread", summary: "Start a question or discussion", scope: "write" },
  { request: { headers: idempotency, body: body(S.CreateThreadBody) }, responses: write("The new thread") });
op({ method: "get", path: "/api/v1/threads/{id}", operationId: "getThread", summary: "One thread", scope: "read" },
  { request: { params: idParam("id") }, responses: read(S.Thread, "The thread") });
op({ method: "get", path: "/api/v1/threads/{id}/posts", operationId: "listPosts", summary: "The thread's replies the reader may see, by number", scope: "read" },
  { request: { params: idParam("id"), query: S.PageQuery }, responses: read(S.PostPage, "A page of replies") });
op({ method: "post", path: "/api/v1/threads/{id}/posts", operationId: "reply", summary: "Reply to a thread", scope: "write" },
  { request: { params: idParam("id"), headers: idempotency, body: body(S.ReplyBody) }, responses: write("The new reply") });
op({ method: "get", path: "/api/v1/cases", operationId: "listCases", summary: "Published cases the reader may read, newest first", scope: "read" },
  { request: { query: S.CaseListQuery.merge(S.PageQuery) }, responses: read(S.CasePage, "A page of cases") });
op({ method: "post", path: "/api/v1/cases", operationId: "createCase", summary: "Save a case as a draft or publish it", scope: "write" },
  { request: { headers: idempotency, body: body(S.CreateCaseBody) }, responses: write("The new case") });
op({ method: "get", path: "/api/v1/cases/{id}", operationId: "getCase", summary: "One case", scope: "read" },
  { request: { params: idParam("id") }, responses: read(S.Case, "The case") });
op({ method: "get", path: "/api/v1/cases/{id}/adoptions", operationId: "listAdoptions", summary: "Organisations that adopted the case", scope: "read" },
  { request: { params: idParam("id"), query: S.PageQuery }, responses: read(S.AdoptionPage, "A page of adoptions") });
op({ method: "post", path: "/api/v1/cases/{id}/adoptions", operationId: "recordAdoption", summary: "Record that your organisation adopted or is trying the case", scope: "write" },
  { request: { params: idParam("id"), headers: idempotency, body: body(S.RecordAdoptionBody) }, responses: write("The adoption") });
op({ method: "get", path: "/api/v1/tags", operationId: "listTags", summary: "Tags, with how many readable threads each has", scope: "read" },
  { request: { query: S.PageQuery }, responses: read(S.TagPage, "A page of tags") });
op({ method: "get", path: "/api/v1/organisations", operationId: "listOrganisations", summary: "The network's organisations", scope: "read" },
  { request: { query: S.PageQuery }, responses: read(S.OrganisationPage, "A page of organisations") });
op({ method: "get", path: "/api/v1/people/{handle}", operationId: "getPerson", summary: "A person's public profile (members of the network only)", scope: "read" },
  { request: { params: z.object({ handle: z.string().openapi({ param: { name: "handle", in: "path" } }) }) }, responses: read(S.Person, "The profile") });
op({ method: "get", path: "/api/v1/search", operationId: "search", summary: "Search threads, replies and cases the reader may read", scope: "read" },
  { request: { query: S.SearchQuery.merge(S.PageQuery.pick({ cursor: true })) }, responses: read(S.SearchPage, "A page of hits (20 at most)") });

let doc: ReturnType<OpenApiGeneratorV31["generateDocument"]> | null = null;

/** The generated document (made once per process: the schemas never change while it runs). */
export function openApiDocument() {
  doc ??= new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Allmänning API", version: "1.0.0",
      description: `The JSON API of Allmänning. Errors are RFC 9457 problem details; problem types: ${PROBLEM_TYPES.join(", ")}.`,
    },
    servers: [{ url: "/" }],
  });
  return doc;
}
