import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isCrossSiteWrite } from "../../app/lib/security.server";
import { safeRedirect } from "../../app/lib/redirect";

describe("CSRF check", () => {
  const base = { host: "forum.example", origin: undefined, secFetchSite: undefined };
  it("lets reads through whatever their origin", () => {
    expect(isCrossSiteWrite({ ...base, method: "GET", origin: "https://evil.example" })).toBe(false);
  });
  it("refuses writes from another site", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "https://evil.example" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", secFetchSite: "cross-site" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", secFetchSite: "same-site" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "DELETE", origin: "null" })).toBe(true);
  });
  it("accepts same-origin writes", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "https://forum.example", secFetchSite: "same-origin" })).toBe(false);
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
  it("keeps same-site paths and drops everything else", () => {
    expect(safeRedirect("/threads?x=1")).toBe("/threads?x=1");
    expect(safeRedirect("//evil.example")).toBe("/");
    expect(safeRedirect("https://evil.example")).toBe("/");
    expect(safeRedirect("/\\evil.example")).toBe("/");
    expect(safeRedirect(null)).toBe("/");
  });
});
