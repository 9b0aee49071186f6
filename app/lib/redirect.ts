/** Only same-site paths: never redirect to another host from user input. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  // Control characters: a browser drops tabs and newlines (`/\t/evil.example` is `//evil…`), and
  // a Location header cannot carry them. Other non-ASCII is percent-encoded for the header.
  if (/[\u0000-\u001F\u007F]/.test(to)) return fallback;
  return to.replace(/[^\u0020-\u007E]+/g, (s) => {
    try {
      return encodeURIComponent(s);
    } catch {
      return ""; // a lone surrogate
    }
  });
}
