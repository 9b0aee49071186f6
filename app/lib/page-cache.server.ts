// The page cache: rendered thread pages, kept per viewer and keyed on everything the page shows.
//
// Rendering a 100-reply thread with React costs tens of milliseconds; reading whether anything on
// it changed costs one indexed lookup. A page is cached under a key made of the URL, the language,
// the viewer as their session describes them (id, name, memberships and roles; nobody is ever
// served a page rendered for somebody else) and the thread's `page_rev`, a counter that database
// triggers move on every change to the thread, its replies, revisions, votes, tags, followers,
// watchers or a case promoted from it (migration 2026-11-23T1600). The session is validated on
// every request, so signing out or losing a membership takes effect at once. What triggers don't
// see (another person renaming themselves, an organisation renaming itself) is bounded by a short
// lifetime. Each response still gets its own CSP nonce: the nonce of the render is swapped for the
// request's. Nothing is shared between processes; every app server keeps its own, bounded by bytes.
import { createHash } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import type { AppContext } from "./context.server";

export type CachedPage = {
  /** The body split on the nonce it was rendered with. */
  parts: Buffer[];
  nonceLength: number;
  headers: [string, string][];
  bytes: number;
  storedAt: number;
};

/** A byte-bounded LRU map with a lifetime per entry. */
export class PageStore {
  private readonly map = new Map<string, CachedPage>();
  private bytes = 0;
  constructor(readonly maxBytes: number, readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  get(key: string): CachedPage | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key);
    if (this.now() - hit.storedAt > this.ttlMs) {
      this.bytes -= hit.bytes;
      return undefined;
    }
    this.map.set(key, hit); // most recently used last
    return hit;
  }

  set(key: string, page: CachedPage): void {
    if (page.bytes > this.maxBytes / 4) return;
    const old = this.map.get(key);
    if (old) {
      this.map.delete(key);
      this.bytes -= old.bytes;
    }
    this.map.set(key, page);
    this.bytes += page.bytes;
    for (const [k, v] of this.map) {
      if (this.bytes <= this.maxBytes) break;
      this.map.delete(k);
      this.bytes -= v.bytes;
    }
  }

  get size() {
    return this.map.size;
  }
  get usedBytes() {
    return this.bytes;
  }
}

const THREAD_PAGE = /^\/t\/(\d{1,18})(?:-[^/]*)?$/;
const KEPT_HEADERS = ["content-type", "cache-control", "vary", "content-language"];

export type ContextResult = { context: AppContext; setCookie: string | null };

/**
 * Express middleware in front of Remix. On a thread page (GET, HTML) it validates the session,
 * reads the thread's page_rev and either answers from the cache or lets Remix render and keeps
 * the result. It leaves the validated context in `res.locals.appContext` for Remix to reuse.
 */
export function pageCache(opts: {
  db: DB;
  store: PageStore;
  buildContext: (req: Request) => Promise<ContextResult>;
  contentSecurityPolicy: (nonce: string) => string;
}) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const m = req.method === "GET" ? THREAD_PAGE.exec(req.path) : null;
    if (!m || "_data" in req.query) return next();
    try {
      // Both lookups at once: the session and the thread's revision.
      const [built, revRows] = await Promise.all([
        opts.buildContext(req),
        sql<{ page_rev: string }>`SELECT page_rev FROM threads WHERE id = ${m[1]}`.execute(opts.db),
      ]);
      res.locals.appContext = built;
      const rev = revRows.rows[0]?.page_rev;
      if (rev === undefined) return next();
      const { context, setCookie } = built;
      const key = createHash("sha256")
        .update(JSON.stringify([req.originalUrl, context.locale, context.viewer, rev]))
        .digest("base64url");
      const hit = opts.store.get(key);
      if (hit) {
        for (const [k, v] of hit.headers) res.setHeader(k, v);
        res.setHeader("Content-Security-Policy", opts.contentSecurityPolicy(context.nonce));
        res.setHeader("X-Page-Cache", "hit");
        if (setCookie) res.append("Set-Cookie", setCookie);
        // The parts and the new nonce go out as one gathered write, without copying the page.
        const nonce = Buffer.from(context.nonce);
        res.status(200);
        res.setHeader("Content-Length", hit.bytes + (hit.parts.length - 1) * (nonce.length - hit.nonceLength));
        res.cork();
        hit.parts.forEach((part, i) => {
          if (i > 0) res.write(nonce);
          if (i < hit.parts.length - 1) res.write(part);
        });
        res.end(hit.parts[hit.parts.length - 1]);
        process.nextTick(() => res.uncork());
        return;
      }
      res.setHeader("X-Page-Cache", "miss");
      capture(res, (body) => {
        if (res.statusCode !== 200) return;
        const type = String(res.getHeader("content-type") ?? "");
        if (!type.startsWith("text/html")) return;
        // A response that sets cookies of its own (other than the session's slide) is not reusable.
        const cookies = res.getHeader("set-cookie");
        const list = cookies === undefined ? [] : Array.isArray(cookies) ? cookies : [String(cookies)];
        if (list.some((c) => c !== setCookie)) return;
        const headers = KEPT_HEADERS.flatMap((h) => (res.getHeader(h) === undefined ? [] : [[h, String(res.getHeader(h))] as [string, string]]));
        const parts = splitBuffer(body, Buffer.from(context.nonce));
        opts.store.set(key, { parts, nonceLength: Buffer.byteLength(context.nonce), headers, bytes: body.length, storedAt: Date.now() });
      });
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** Collects what is written to the response (before compression, which wraps the socket side). */
function capture(res: Response, done: (body: Buffer) => void) {
  const chunks: Buffer[] = [];
  const write = res.write.bind(res) as (...a: unknown[]) => boolean;
  const end = res.end.bind(res) as (...a: unknown[]) => Response;
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
  };
  res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
    keep(chunk, encoding);
    return write(chunk, encoding, cb);
  }) as Response["write"];
  res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown) => {
    keep(chunk, encoding);
    try {
      done(Buffer.concat(chunks));
    } catch (error) {
      console.error("page cache:", error);
    }
    return end(chunk, encoding, cb);
  }) as Response["end"];
}

export function splitBuffer(body: Buffer, sep: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(sep, from); at !== -1; at = body.indexOf(sep, from)) {
    parts.push(body.subarray(from, at));
    from = at + sep.length;
  }
  parts.push(body.subarray(from));
  return parts;
}
