// HTTP-level protections applied to every request before Remix sees it.

/** Content-Security-Policy for HTML responses: only scripts carrying this request's nonce run. */
/**
 * The CSP. Scripts are allowed by this response's nonce, or (for a page served again from the
 * page cache, whose bytes must not change) by the SHA-256 hashes of its inline scripts; either
 * way 'strict-dynamic' lets those scripts load the app's modules.
 */
export function contentSecurityPolicy(source: string | { hashes: string[] }, dev = false): string {
  const allowed = typeof source === "string" ? `'nonce-${source}'` : source.hashes.map((h) => `'${h}'`).join(" ");
  return [
    "default-src 'self'",
    `script-src ${allowed} 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join("; ");
}

export const SECURITY_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** What the CSRF check needs from a request (an Express request has all of it). */
export type RequestFacts = { protocol: string; get(name: string): string | undefined };

/**
 * Writes that carry no ambient credentials of our users' browsers and prove themselves: a SAML
 * IdP posts its signed response cross-site to the ACS URL, and SCIM clients authenticate with a
 * bearer token only (those routes never read the session cookie). /unsubscribe is the RFC 8058
 * one-click POST that mail clients send without an Origin: it is authorised by its signed token
 * only, never by the cookie (see docs/decisions/2026-12-02-mail-and-digests.md).
 */
export const CROSS_SITE_POST_PATHS = /^(\/auth\/saml\/[a-z0-9-]{1,60}\/acs|\/scim\/v2\/.*|\/unsubscribe)$/;

/**
 * This app's origin as the request reached it: scheme and host (with port). Forwarded headers
 * count only behind a trusted proxy (TRUST_PROXY > 0); Express's `req.protocol` already honours
 * X-Forwarded-Proto exactly then, so a forged header from a direct client changes nothing.
 */
export function appOriginOf(req: RequestFacts, trustProxy: number): string | null {
  const forwardedHost = trustProxy > 0 ? req.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  const host = forwardedHost || req.get("host");
  if (!host) return null;
  return normaliseOrigin(`${req.protocol === "https" ? "https" : "http"}://${host}`);
}

function normaliseOrigin(value: string): string | null {
  try {
    const u = new URL(value);
    // An Origin header is exactly scheme://host[:port]; anything more is not an origin.
    return u.protocol === "http:" || u.protocol === "https:" ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * CSRF: a state-changing request is accepted only when its Origin header is exactly this app's
 * origin (scheme, host and port). A missing Origin (Referer alone proves nothing a browser
 * cannot be made to omit), `null`, another site, another port, or https on an http app is
 * refused, as is anything the browser marks as cross-site (Sec-Fetch-Site). Every browser we
 * support sends Origin on POST, so only non-browser clients must add it themselves.
 */
export function isCrossSiteWrite(req: {
  method: string;
  /** This app's origin, from appOriginOf. */
  appOrigin: string | null;
  origin: string | undefined;
  secFetchSite: string | undefined;
  path?: string;
  /** The Authorization and Cookie headers, for the JSON API's exemption (isBearerApiWrite). */
  authorization?: string;
  cookie?: string;
}): boolean {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return false;
  if (req.path !== undefined && CROSS_SITE_POST_PATHS.test(req.path)) return false;
  if (isBearerApiWrite(req)) return false;
  if (req.secFetchSite && req.secFetchSite !== "same-origin") return true;
  if (!req.origin || !req.appOrigin || req.origin === "null") return true;
  // Compare the header as sent: "http://host:80" is not what a browser sends for http://host.
  return req.origin !== req.appOrigin;
}

const API_PATH = /^\/api\/v1\//;
const SESSION_COOKIE = /(?:^|;)\s*(?:__Host-)?allm_session=[^;\s]/;

/**
 * The JSON API's writes are authorised by a bearer token only (app/api never reads the session
 * cookie), and a browser cannot be made to attach someone's token to a cross-site request. So a
 * request to /api/v1/ with `Authorization: Bearer …` AND no session cookie carries no ambient
 * credential and needs no Origin. With a session cookie it is checked like any other write:
 * exempting it would let a page that can set the header ride on the cookie elsewhere.
 */
export function isBearerApiWrite(req: { path?: string; authorization?: string; cookie?: string }): boolean {
  return req.path !== undefined && API_PATH.test(req.path) && /^Bearer\s+\S/i.test(req.authorization ?? "") && !SESSION_COOKIE.test(req.cookie ?? "");
}
