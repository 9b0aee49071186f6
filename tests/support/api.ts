import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "../../db/client";
import { createApiToken } from "../../app/api/tokens.server";
import type { Viewer } from "../../app/policy";

// Calls the real /api/v1 route modules in-process (loader for GET/HEAD, action otherwise), with
// a context as server.ts builds it for a request without a session cookie.

type RouteModule = { loader?: (args: never) => unknown; action?: (args: never) => unknown };
export type ApiRoutes = Record<string, RouteModule>;

export async function loadApiRoutes(): Promise<ApiRoutes> {
  return {
    threads: await import("../../app/routes/api.v1.threads"),
    thread: await import("../../app/routes/api.v1.threads.$id"),
    posts: await import("../../app/routes/api.v1.threads.$id.posts"),
    cases: await import("../../app/routes/api.v1.cases"),
    case: await import("../../app/routes/api.v1.cases.$id"),
    adoptions: await import("../../app/routes/api.v1.cases.$id.adoptions"),
    tags: await import("../../app/routes/api.v1.tags"),
    organisations: await import("../../app/routes/api.v1.organisations"),
    person: await import("../../app/routes/api.v1.people.$handle"),
    search: await import("../../app/routes/api.v1.search"),
    other: await import("../../app/routes/api.v1.$"),
    openapi: await import("../../app/routes/api.v1.openapi[.]json"),
  };
}

export type CallOptions = {
  method?: string;
  token?: string | null;
  json?: unknown;
  rawBody?: string;
  contentType?: string;
  headers?: Record<string, string>;
  params?: Record<string, string>;
  locale?: "sv" | "en";
  clientIp?: string;
};

export async function callApi(mod: RouteModule, path: string, o: CallOptions = {}): Promise<Response> {
  const method = o.method ?? (o.json !== undefined || o.rawBody !== undefined ? "POST" : "GET");
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers.Authorization = `Bearer ${o.token}`;
  let body: string | undefined;
  if (o.json !== undefined) {
    body = JSON.stringify(o.json);
    headers["Content-Type"] = o.contentType ?? "application/json";
  } else if (o.rawBody !== undefined) {
    body = o.rawBody;
    if (o.contentType) headers["Content-Type"] = o.contentType;
  }
  const request = new Request(`http://api.test${path}`, { method, headers, body });
  const context = { viewer: null, sessionId: null, locale: o.locale ?? "en", nonce: "n", clientIp: o.clientIp ?? "192.0.2.1" } as unknown as AppLoadContext;
  const fn = method === "GET" || method === "HEAD" ? mod.loader : mod.action;
  if (!fn) throw new Error(`no ${method} handler`);
  try {
    return (await (fn as (a: unknown) => Promise<Response>)({ request, context, params: o.params ?? {} })) as Response;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

/** A token for a viewer (through the settings page's domain function). */
export async function tokenFor(db: DB, viewer: Viewer, scope: "read" | "write" = "write", expiresInDays = 30): Promise<string> {
  const r = await createApiToken({ db, viewer, now: new Date() }, { name: `test ${scope}`, scope, expiresInDays });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.token;
}

export const bodyOf = async (r: Response) => JSON.parse(await r.text());
