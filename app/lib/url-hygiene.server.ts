import { cleanSearchParams } from "./body.server";

// Request hygiene for URLs, before any router decodes them. A path segment with broken
// percent-encoding (`%ZZ`, a cut-off UTF-8 sequence) or an encoded control character names no
// page: it is rewritten so that it still names none (the normal 404 page) instead of making a
// decoder throw (500) or reaching PostgreSQL with a NUL. Query parameters lose control
// characters and prototype keys, the same cleaning as form fields.

const REPLACEMENT = "%EF%BF%BD"; // U+FFFD, which no slug, handle or id contains
const CONTROL_ESCAPE = /%(?:[01][0-9a-fA-F]|7[fF])/g; // C0 controls and DEL, encoded

/** The request target (`/path?query`) made safe to decode; unchanged for ordinary URLs. */
export function cleanRequestTarget(target: string): string {
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? null : target.slice(q + 1);
  const safePath = path.split("/").map(cleanSegment).join("/");
  return query === null ? safePath : `${safePath}?${cleanQuery(query)}`;
}

function cleanSegment(segment: string): string {
  if (!segment.includes("%")) return segment;
  let s = segment.replace(CONTROL_ESCAPE, REPLACEMENT);
  // A `%` not followed by two hex digits stands for itself.
  s = s.replace(/%(?![0-9a-fA-F]{2})/g, "%25");
  try {
    decodeURIComponent(s);
    return s;
  } catch {
    // Valid escapes, invalid UTF-8: replace each undecodable run of escapes.
    return s.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        decodeURIComponent(run);
        return run;
      } catch {
        return REPLACEMENT;
      }
    });
  }
}

function cleanQuery(query: string): string {
  if (!/%|__proto__|constructor|prototype/.test(query)) return query;
  return cleanSearchParams(new URLSearchParams(query)).toString();
}

type Req = { url: string; originalUrl?: string; complete: boolean; resume: () => unknown; removeAllListeners: (e: "data") => unknown; on: (e: "data", l: () => void) => unknown };
type Res = { once: (event: "finish", listener: () => void) => unknown };

/**
 * Express middleware: cleans `req.url` (and `originalUrl`, which Remix reads) in place, and
 * drains a body the app answered without reading (a redirect for a signed-out POST): a large one
 * stayed paused by Remix's stream adapter (backpressure, nobody reading) and stalled the
 * keep-alive connection until its timeout, so the next request on it got no answer.
 */
export function urlHygiene(req: Req, res: Res, next: () => void) {
  req.url = cleanRequestTarget(req.url);
  if (req.originalUrl !== undefined) req.originalUrl = cleanRequestTarget(req.originalUrl);
  res.once("finish", () => {
    if (req.complete) return;
    req.removeAllListeners("data"); // the adapter's, which would pause again
    req.on("data", () => undefined);
    req.resume();
  });
  next();
}
