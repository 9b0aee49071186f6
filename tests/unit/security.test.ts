import { describe, expect, it } from "vitest";
import { appOriginOf, contentSecurityPolicy, isCrossSiteWrite } from "../../app/lib/security.server";
import { safeRedirect } from "../../app/lib/redirect";
import { landsOn, OPEN_REDIRECT_PAYLOADS } from "../support/attacks";

describe("CSRF check", () => {
  const app = "http://forum.example";
  const base = { appOrigin: app, origin: undefined, secFetchSite: undefined };
  it("lets reads through whatever their origin", () => {
    expect(isCrossSiteWrite({ ...base, method: "GET", origin: "https://evil.example" })).toBe(false);
  });
  it("refuses writes from another site", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "https://evil.example" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: app, secFetchSite: "cross-site" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: app, secFetchSite: "same-site" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "DELETE", origin: "null" })).toBe(true);
  });
  it("refuses writes with no Origin (Referer alone), https on http, another port or a garbled Origin", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "https://forum.example" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "http://forum.example:8080" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "http://forum.example.evil.example" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "http://forum.example/" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: app, appOrigin: null })).toBe(true);
  });
  it("accepts same-origin writes", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: app, secFetchSite: "same-origin" })).toBe(false);
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: app })).toBe(false);
  });
  it("derives the app's origin from forwarded headers only behind a trusted proxy", () => {
    const req = (h: Record<string, string>, protocol = "http") => ({ protocol, get: (n: string) => h[n.toLowerCase()] });
    expect(appOriginOf(req({ host: "127.0.0.1:3000" }), 0)).toBe("http://127.0.0.1:3000");
    expect(appOriginOf(req({ host: "forum.example:80" }), 0)).toBe("http://forum.example");
    expect(appOriginOf(req({ host: "127.0.0.1:3000", "x-forwarded-host": "evil.example" }), 0)).toBe("http://127.0.0.1:3000");
    // Express sets req.protocol from X-Forwarded-Proto only when trust proxy is on.
    expect(appOriginOf(req({ host: "10.0.0.5:3000", "x-forwarded-host": "forum.example, proxy" }, "https"), 1)).toBe("https://forum.example");
    expect(appOriginOf(req({}), 0)).toBeNull();
  });
});

describe("CSP", () => {
  it("allows only nonce'd scripts and forbids objects, base and framing", () => {
    const csp = contentSecurityPolicy("abc");
    expect(csp).toContain("script-src 'nonce-abc' 'strict-dynamic'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
  });
});

describe("safeRedirect", () => {
  it("keeps same-site paths", () => {
    expect(safeRedirect("/threads?x=1")).toBe("/threads?x=1");
    expect(safeRedirect("/t/12#p3")).toBe("/t/12#p3");
    expect(safeRedirect("/sök?q=å")).toBe("/s%C3%B6k?q=%C3%A5");
    expect(safeRedirect(null)).toBe("/");
  });
  it.each(OPEN_REDIRECT_PAYLOADS.map((p) => [JSON.stringify(p), p]))("never leaves the site for %s", (_, p) => {
    const to = safeRedirect(p);
    expect(landsOn(to)).toBe("http://forum.example");
    expect(to).not.toMatch(/^\/\/|[\u0000-\u001f\\]/);
  });
});
