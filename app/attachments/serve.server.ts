import { createReadableStreamFromReadable } from "@remix-run/node";
import type { DomainCtx } from "../lib/ctx.server";
import { openDownload } from "./attachments.server";
import { blobStoreFor, type ByteRange } from "./blob-store.server";

// The answer of the one download route: the parent's read rule is asked on every request (no
// public or signed URL outlives a permission), denied and missing are the same 404, and the
// bytes are streamed from the blob store — a Range reads only the chunks it needs.

const notFound = () => new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" } });

/** "bytes=a-b" | "bytes=a-" | "bytes=-n" → one inclusive range; null = whole file; "bad" = 416. */
export function parseRange(header: string | null, size: number): ByteRange | null | "bad" {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null; // multiple or malformed ranges: the whole file (RFC 9110 allows it)
  let start: number;
  let end: number;
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0) return "bad";
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || end < start) return "bad";
  return { start, end };
}

const disposition = (inline: boolean, filename: string) => {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
};

/** Anyone: the response for GET/HEAD /a/<public id>/<name>[?w=…]. */
export async function serveAttachment(ctx: Pick<DomainCtx, "db" | "viewer">, request: Request, publicId: string): Promise<Response> {
  const url = new URL(request.url);
  const d = await openDownload(ctx, publicId, url.searchParams.get("w"));
  if (!d) return notFound();
  const headers = new Headers({
    "Content-Type": d.mime.startsWith("text/") ? `${d.mime}; charset=utf-8` : d.mime,
    "Content-Disposition": disposition(d.inline, d.filename),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    "Cache-Control": "private, max-age=0, must-revalidate",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Accept-Ranges": "bytes",
    ETag: d.etag,
    Vary: "Cookie",
  });
  const inm = request.headers.get("if-none-match");
  if (inm && inm.split(",").map((s) => s.trim()).includes(d.etag)) return new Response(null, { status: 304, headers });
  const ifRange = request.headers.get("if-range");
  const range = ifRange && ifRange !== d.etag ? null : parseRange(request.headers.get("range"), d.size);
  if (range === "bad") {
    headers.set("Content-Range", `bytes */${d.size}`);
    return new Response(null, { status: 416, headers });
  }
  const store = blobStoreFor(ctx.db);
  if (request.method === "HEAD") {
    headers.set("Content-Length", String(range ? range.end - range.start + 1 : d.size));
    return new Response(null, { status: range ? 206 : 200, headers });
  }
  const stream = await store.get(d.hash, range ?? undefined);
  if (!stream) return notFound(); // redacted or purged between the check and the read
  if (range) {
    headers.set("Content-Range", `bytes ${range.start}-${range.end}/${d.size}`);
    headers.set("Content-Length", String(range.end - range.start + 1));
  } else headers.set("Content-Length", String(d.size));
  return new Response(createReadableStreamFromReadable(stream), { status: range ? 206 : 200, headers });
}
