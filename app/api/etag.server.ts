import { createHash } from "node:crypto";

// Strong validators for GET responses: the ETag is a hash of the exact JSON sent, so it changes
// whenever anything the client would see changes (including what this viewer may read) and never
// otherwise. The body is built first (through the same read rule), then compared: a 304 saves
// the transfer and the client's work, not the server's read.

export const etagOf = (body: string) => `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;

/** If-None-Match (RFC 9110 §13.1.2): "*" or a list of tags, compared weakly (W/ ignored). */
export function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((t) => bare(t) === bare(etag));
}
