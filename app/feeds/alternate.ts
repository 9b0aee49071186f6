// Feed discovery: `<link rel="alternate">` descriptors for a route's meta (browsers and feed
// readers find a page's feeds from these). Shared by the server (paths) and the pages.

export type FeedFormat = "rss" | "atom";
export type FeedKind = "threads" | "questions" | "cases" | "best-practice" | "tag" | "org" | "search";

/** The path of a public feed, e.g. `/feeds/tags/<slug>.atom`. */
export function feedPath(kind: FeedKind, format: FeedFormat, slug?: string): string {
  if (kind === "tag") return `/feeds/tags/${slug}.${format}`;
  if (kind === "org") return `/feeds/orgs/${slug}.${format}`;
  // A saved search's feed exists only below a private feed secret (/feeds/p/<secret>/searches/<id>.atom).
  if (kind === "search") return `/feeds/searches/${slug}.${format}`;
  return `/feeds/${kind}.${format}`;
}

/** Atom and RSS `<link rel="alternate">` meta descriptors for one feed, titled `title`. */
export function feedAlternates(kind: FeedKind, title: string, slug?: string) {
  return [
    { tagName: "link", rel: "alternate", type: "application/atom+xml", title: `${title} (Atom)`, href: feedPath(kind, "atom", slug) },
    { tagName: "link", rel: "alternate", type: "application/rss+xml", title: `${title} (RSS)`, href: feedPath(kind, "rss", slug) },
  ] as const;
}
