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

/** A SAML IdP posts its signed response cross-site to the ACS URL; that response is its own proof. */
export const CROSS_SITE_POST_PATHS = /^\/auth\/saml\/[a-z0-9-]{1,60}\/acs$/;

/**
 * CSRF: a state-changing request is refused when the browser says it came from another site
 * (Sec-Fetch-Site) or its Origin is not this site's. Requests without either header come from
 * non-browser clients, which carry no ambient cookies of our users' browsers.
 */
export function isCrossSiteWrite(req: {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
  path?: string;
}): boolean {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return false;
  if (req.path !== undefined && CROSS_SITE_POST_PATHS.test(req.path)) return false;
  if (req.secFetchSite && req.secFetchSite !== "same-origin" && req.secFetchSite !== "none") return true;
  if (req.origin !== undefined) {
    if (req.origin === "null") return true;
    try {
      return new URL(req.origin).host !== req.host;
    } catch {
      return true;
    }
  }
  return false;
}
