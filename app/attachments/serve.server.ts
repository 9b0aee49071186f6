import type { Readable } from "node:stream";
import { createReadableStreamFromReadable } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import type { ContextResult } from "../lib/page-cache.server";
import type { DomainCtx } from "../lib/ctx.server";
import { openDownload } from "./attachments.server";
import { blobStoreFor, type ByteRange } from "./blob-store.server";
import { isFileSlice, sendFileSlice } from "./file-slice.server";

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

type Answer = { status: number; headers: Headers; body: Readable | null };
const notFoundAnswer = (): Answer => ({ status: 404, headers: notFound().headers, body: null });

/** The request as the download needs it: from a Fetch Request (Remix) or Node's IncomingMessage. */
type DownloadRequest = { method: string; url: URL; header: (name: string) => string | null };

/** Anyone: the answer to GET/HEAD /a/<public id>/<name>[?w=…], whoever carries it to the client. */
async function answerDownload(ctx: Pick<DomainCtx, "db" | "viewer">, request: DownloadRequest, publicId: string): Promise<Answer> {
  const t0 = performance.now();
  const d = await openDownload(ctx, publicId, request.url.searchParams.get("w"));
  if (!d) return notFoundAnswer();
  const checked = performance.now();
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
  const inm = request.header("if-none-match");
  if (inm && inm.split(",").map((s) => s.trim()).includes(d.etag)) return { status: 304, headers, body: null };
  const ifRange = request.header("if-range");
  const range = ifRange && ifRange !== d.etag ? null : parseRange(request.header("range"), d.size);
  if (range === "bad") {
    headers.set("Content-Range", `bytes */${d.size}`);
    return { status: 416, headers, body: null };
  }
  const status = range ? 206 : 200;
  if (range) headers.set("Content-Range", `bytes ${range.start}-${range.end}/${d.size}`);
  headers.set("Content-Length", String(range ? range.end - range.start + 1 : d.size));
  if (request.method === "HEAD") return { status, headers, body: null };
  // The row just read names this blob and is readable: a cached copy answers without a second lookup.
  const body = await blobStoreFor(ctx.db).get(d.hash, range ?? undefined, { referenced: true });
  if (!body) return notFoundAnswer(); // redacted or purged between the check and the read
  // The permission check and the store's answer, for bench/attachments-io.ts and browser devtools.
  headers.set("Server-Timing", `check;dur=${(checked - t0).toFixed(1)}, open;dur=${(performance.now() - checked).toFixed(1)}`);
  return { status, headers, body };
}

/** Anyone: the download as a Fetch Response (the Remix route, and tests). */
export async function serveAttachment(ctx: Pick<DomainCtx, "db" | "viewer">, request: Request, publicId: string): Promise<Response> {
  const a = await answerDownload(ctx, { method: request.method, url: new URL(request.url), header: (n) => request.headers.get(n) }, publicId);
  return new Response(a.body ? createReadableStreamFromReadable(a.body) : null, { status: a.status, headers: a.headers });
}

const DOWNLOAD_PATH = /^\/a\/([A-Za-z0-9_-]{1,64})\/[^/]+$/;

/**
 * Express middleware in front of Remix for the same route: the same answer, with the bytes piped
 * straight from the store (a local file once cached) into the socket, without the Fetch-stream
 * adapters between them. Downloads are the one response large enough for that to matter
 * (bench/attachments-io.ts). The session is validated as for every page (`buildContext`).
 */
export function attachmentDownloads(opts: { db: DomainCtx["db"]; buildContext: (req: ExpressRequest) => Promise<ContextResult> }) {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const m = DOWNLOAD_PATH.exec(req.path);
    if (!m) return next();
    try {
      const t0 = performance.now();
      const { context, setCookie } = (res.locals.appContext as ContextResult | undefined) ?? (await opts.buildContext(req));
      const session = performance.now() - t0;
      if (setCookie) res.append("Set-Cookie", setCookie);
      const url = new URL(req.originalUrl, "http://local");
      const a = await answerDownload({ db: opts.db, viewer: context.viewer }, { method: req.method, url, header: (n) => req.get(n) ?? null }, m[1]);
      res.status(a.status);
      // The whole permission check starts with the session: its time leads the others.
      const timing = a.headers.get("Server-Timing");
      if (timing) a.headers.set("Server-Timing", `session;dur=${session.toFixed(1)}, ${timing}`);
      a.headers.forEach((v, k) => res.setHeader(k, v));
      if (!a.body) return void res.end(a.status === 404 ? "Not found" : undefined);
      const body = a.body;
      // A cached copy: read into reused buffers (file-slice.server.ts), no allocation per chunk.
      // `first`: from the request's turn here to its first body byte written, all of it (the
      // session, the check, the store, and the file's open and first read unless its head is kept).
      if (isFileSlice(body)) {
        return void (await sendFileSlice(res, body, () => {
          if (timing) res.setHeader("Server-Timing", `${res.getHeader("Server-Timing")}, first;dur=${(performance.now() - t0).toFixed(1)}`);
        }));
      }
      res.on("close", () => body.destroy());
      body.on("error", () => res.destroy());
      body.pipe(res);
    } catch (e) {
      next(e);
    }
  };
}
