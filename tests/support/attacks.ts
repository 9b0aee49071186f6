// Inputs that try to leave the site or fool the CSRF check; shared by unit and e2e tests.

/** Every trick we know for leaving the site through a redirect parameter. */
export const OPEN_REDIRECT_PAYLOADS = [
  "//evil.example", "///evil.example", "////evil.example", "/\\evil.example", "/\\/evil.example", "\\\\evil.example", "\\/evil.example",
  "https://evil.example", "http:evil.example", "https:/evil.example", "HTTPS://evil.example", "javascript:alert(1)", "data:text/html,x",
  "/%2F%2Fevil.example", "%2F%2Fevil.example", "/%5Cevil.example", "/%09/evil.example",
  "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "\t//evil.example", " //evil.example", "/\u0000/evil.example",
  "/..//evil.example", "/.//evil.example", "/a/..//evil.example", "/%2e%2e//evil.example", "/evil.example/..//evil.example",
  "//evil.example@forum.example", "/@evil.example", "//%65vil.example",
];

/** Where a browser goes when it gets `location` on a page of `site`. */
export const landsOn = (location: string, site = "http://forum.example/t/1") => new URL(location, site).origin;

