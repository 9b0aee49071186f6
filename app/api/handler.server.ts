import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { getDb } from "../../db/client";
import { readJsonBody } from "../lib/body.server";
import type { DomainCtx } from "../lib/ctx.server";
import { loadEnv } from "../lib/env.server";
import type { Locale } from "../lib/i18n/resources";
import { RateLimiterRes } from "rate-limiter-flexible";
import { limiter } from "../lib/rate-limit.server";
import type { ApiScope } from "../policy";
import { etagOf, matches } from "./etag.server";
import { pageParams, type PageParams } from "./pagination.server";
import { problem, type ProblemFieldError } from "./problem.server";
import { authenticateBearer, scopeAllows } from "./tokens.server";
import { i18nFor } from "../lib/i18n/i18n";

// The one wrapper every /api/v1 route goes through: bearer authentication (never the session
// cookie: a browser's ambient credentials mean nothing here, so there is nothing to forge), the
// per-token rate limit, the scope, JSON bodies, ETags, and errors as problem details. Routes stay
// thin: they parse, call one domain function (the same one the page calls) and hand back data.

export type ApiCall = {
  ctx: DomainCtx;
  request: Request;
  url: URL;
  locale: Locale;
  /** Present only for routes that read a JSON body. */
  body: Record<string, unknown>;
  page: PageParams;
  /** The Idempotency-Key header, checked (writes pass it to the domain function's `once`). */
  idempotencyKey: string | null;
};

/** What a route hands back: data (200/201) or a ready Response (a problem). */
export type ApiResult = Response | { status?: 200 | 201; data: unknown; headers?: Record<string, string> };

type Options = { scope: ApiScope; json?: boolean; paged?: boolean };

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,64}$/;

function unauthorized(locale: Locale, reason: string) {
  const invalid = reason !== "missing";
  return problem(locale, invalid ? "invalid-token" : "unauthorized", {
    detailKey: `api:problem.token.${reason}`,
    headers: { "WWW-Authenticate": invalid ? 'Bearer realm="api", error="invalid_token"' : 'Bearer realm="api"' },
  });
}

async function rateLimited(db: DomainCtx["db"], key: string, perMinute: number): Promise<{ ok: boolean; remaining: number; retryAfter: number }> {
  try {
    const r = await limiter(db, "api", { points: perMinute, durationSeconds: 60 }).consume(key);
    return { ok: true, remaining: r.remainingPoints, retryAfter: 0 };
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    return { ok: false, remaining: 0, retryAfter: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
  }
}

/** Thrown Responses from domain functions (notFound, forbidden) become problems; a denied read is a 404. */
function fromThrown(locale: Locale, e: unknown): Response | null {
  if (!(e instanceof Response)) return null;
  if (e.status === 404 || e.status === 403) return problem(locale, "not-found");
  if (e.status === 405) return problem(locale, "method-not-allowed");
  if (e.status >= 400 && e.status < 500) return problem(locale, "bad-request");
  return null;
}

function jsonResponse(request: Request, locale: Locale, r: Exclude<ApiResult, Response>, extra: Record<string, string>): Response {
  const text = JSON.stringify(r.data);
  const headers: Record<string, string> = {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "private, no-cache",
    Vary: "Authorization, Accept-Language",
    "Content-Language": locale,
    ...extra,
    ...r.headers,
  };
  if ((r.status ?? 200) === 200 && (request.method === "GET" || request.method === "HEAD")) {
    const etag = etagOf(text);
    headers.ETag = etag;
    if (matches(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  }
  return new Response(request.method === "HEAD" ? null : text, { status: r.status ?? 200, headers });
}

export async function api(request: Request, context: AppLoadContext, opts: Options, handle: (call: ApiCall) => Promise<ApiResult>): Promise<Response> {
  const locale = context.locale ?? "sv";
  const now = new Date();
  const db = getDb();
  try {
    const auth = await authenticateBearer({ db, now }, request.headers.get("authorization"));
    if (!auth.ok && auth.reason !== "missing") return unauthorized(locale, auth.reason);
    if (!auth.ok && opts.scope === "write") return unauthorized(locale, "missing");
    const env = loadEnv();
    const limitKey = auth.ok ? `token:${auth.tokenId}` : `ip:${context.clientIp ?? "unknown"}`;
    const perMinute = auth.ok ? env.API_RATE_LIMIT_PER_MINUTE : env.API_ANON_RATE_LIMIT_PER_MINUTE;
    const rl = await rateLimited(db, limitKey, perMinute);
    const rlHeaders = { "RateLimit-Limit": String(perMinute), "RateLimit-Remaining": String(rl.remaining) };
    if (!rl.ok) return problem(locale, "rate-limited", { params: { seconds: rl.retryAfter }, headers: { ...rlHeaders, "Retry-After": String(rl.retryAfter) } });
    if (auth.ok && !scopeAllows(auth.scope, opts.scope)) {
      return problem(locale, "insufficient-scope", { headers: { "WWW-Authenticate": 'Bearer realm="api", error="insufficient_scope", scope="write"' } });
    }
    const url = new URL(request.url);
    const page = pageParams(url);
    if ("bad" in page) return problem(locale, "bad-request", { detailKey: `api:problem.param.${page.bad}`, errors: [paramError(locale, page.bad)] });
    const key = request.headers.get("idempotency-key");
    if (key !== null && !IDEMPOTENCY_KEY.test(key)) return problem(locale, "invalid-idempotency-key");
    let body: Record<string, unknown> = {};
    if (opts.json) {
      const read = await readJsonBody(request);
      if (!read.ok) {
        const type = read.status === 413 ? "payload-too-large" : read.status === 415 ? "unsupported-media-type" : "invalid-json";
        return problem(locale, type, { detailKey: `api:problem.body.${read.reason}` });
      }
      body = read.data;
    }
    const ctx: DomainCtx = { db, viewer: auth.ok ? auth.viewer : null, now };
    const result = await handle({ ctx, request, url, locale, body, page, idempotencyKey: key });
    return result instanceof Response ? result : jsonResponse(request, locale, result, rlHeaders);
  } catch (e) {
    const mapped = fromThrown(locale, e);
    if (mapped) return mapped;
    console.error("api:", e);
    return problem(locale, "server-error");
  }
}

function paramError(locale: Locale, name: string): ProblemFieldError {
  return { field: name, code: `api:problem.param.${name}`, detail: String(i18nFor(locale).t(`api:problem.param.${name}`)) };
}

/** Zod issues of an API body or query → the problem's errors[] (unknown fields are named one by one). */
export function zodProblem(locale: Locale, error: z.ZodError): Response {
  const t = i18nFor(locale).t;
  const errors: ProblemFieldError[] = error.issues.flatMap((i) => {
    const field = i.path.join(".") || "_body";
    if (i.code === "unrecognized_keys") return i.keys.map((k) => ({ field: [...i.path, k].join("."), code: "api:problem.unknownField", detail: String(t("api:problem.unknownField")) }));
    const code = /^[a-z]+[:.][\w.:]+$/i.test(i.message) ? i.message : i.code === "too_small" ? "form.tooShort" : i.code === "too_big" ? "form.tooLong" : i.code === "invalid_type" && i.received === "undefined" ? "form.required" : "form.invalid";
    const params = i.code === "too_small" ? { min: Number(i.minimum) } : i.code === "too_big" ? { max: Number(i.maximum) } : {};
    return [{ field, code, detail: String(t(code, params)) }];
  });
  const unknown = error.issues.some((i) => i.code === "unrecognized_keys");
  return problem(locale, unknown && errors.every((e) => e.code === "api:problem.unknownField") ? "unknown-field" : "validation-failed", { errors });
}

/** For a method the route does not serve. */
export const methodNotAllowed = (context: AppLoadContext, allow: string) => problem(context.locale ?? "sv", "method-not-allowed", { headers: { Allow: allow } });
