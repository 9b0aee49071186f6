const BASE = "http://same-site.invalid";

/**
 * Only same-site paths: never redirect to another host from user input. The value is parsed the
 * way a browser parses a Location header (which drops tabs and newlines and reads "\" as "/"),
 * so "/\t/evil", "/\\evil" and the like cannot turn into "//evil". Control characters and
 * backslashes are refused outright; what comes back is the parsed, percent-encoded path.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  const path = url.pathname + url.search + url.hash;
  // "/..//evil" normalises to "//evil": the result itself must not read as another host.
  if (url.origin !== BASE || to.startsWith("//") || path.startsWith("//")) return fallback;
  return path;
}
