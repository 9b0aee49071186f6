import type { AppLoadContext } from "@remix-run/node";
import { domainCtx } from "../lib/ctx.server";
import { appBaseUrl } from "../lib/mail.server";
import type { DomainCtx } from "../lib/ctx.server";
import { orgForBearer } from "./tokens.server";
import { scimError, type ScimResponse } from "./users.server";

export const MAX_BODY_BYTES = 64 * 1024;
const baseUrl = () => `${appBaseUrl()}/scim/v2`;

function respond(r: ScimResponse): Response {
  const headers = { "Content-Type": "application/scim+json; charset=utf-8", "Cache-Control": "no-store", ...(r.status === 401 ? { "WWW-Authenticate": 'Bearer realm="scim"' } : {}) };
  return new Response(r.body === null ? null : JSON.stringify(r.body), { status: r.status, headers });
}

/** Reads a JSON body: too large, not JSON, or not an object is a SCIM 400, never a 500. */
async function jsonBody(request: Request): Promise<{ ok: true; body: unknown } | { ok: false; error: ScimResponse }> {
  const text = await request.text().catch(() => "");
  if (text.length > MAX_BODY_BYTES) return { ok: false, error: scimError(413, "Request body too large", "tooLarge") };
  try {
    const body = JSON.parse(text);
    if (!body || typeof body !== "object" || Array.isArray(body)) return { ok: false, error: scimError(400, "The body must be a JSON object", "invalidSyntax") };
    return { ok: true, body };
  } catch {
    return { ok: false, error: scimError(400, "The body is not valid JSON", "invalidSyntax") };
  }
}

/**
 * Every SCIM route: the bearer token names the organisation (no browser session, no cookies),
 * the body is parsed defensively, and the answer is application/scim+json.
 */
export async function scim(
  request: Request,
  context: AppLoadContext,
  handle: (ctx: DomainCtx, orgId: string, h: { body: unknown; baseUrl: string; url: URL }) => Promise<ScimResponse>,
): Promise<Response> {
  const ctx = { ...domainCtx(context), viewer: null };
  const orgId = await orgForBearer(ctx, request.headers.get("authorization"));
  if (!orgId) return respond(scimError(401, "A valid bearer token is required"));
  let body: unknown = null;
  if (request.method === "POST" || request.method === "PUT" || request.method === "PATCH") {
    const b = await jsonBody(request);
    if (!b.ok) return respond(b.error);
    body = b.body;
  }
  return respond(await handle(ctx, orgId, { body, baseUrl: baseUrl(), url: new URL(request.url) }));
}

export const methodNotAllowed = () => respond(scimError(405, "Method not allowed"));
