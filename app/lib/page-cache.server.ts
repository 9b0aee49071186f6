// The page cache: rendered thread pages, kept per viewer and keyed on everything the page shows,
// and guests' search pages, keyed on the URL and the search index's revision (searchRevision).
//
// Rendering a 100-reply thread with React costs tens of milliseconds; reading whether anything on
// it changed costs one indexed lookup. A page is cached under a key made of the URL, the language,
// the viewer as their session describes them (id, name, memberships and roles; nobody is ever
// served a page rendered for somebody else) and the thread's `page_rev`, a counter that database
// triggers move on every change to the thread, its replies, revisions, votes, tags, followers,
// watchers, best-practice marks or a case promoted from it (migrations 2026-11-23T1600, T1800).
// The session is validated on every request, so signing out or losing a membership takes effect
// at once. What triggers don't see (another person renaming themselves, an organisation renaming
// itself) is bounded by a short lifetime. A page served again keeps its bytes, so it is kept
// gzipped too and its scripts are allowed by their SHA-256 hashes in the CSP instead of by a
// nonce (a nonce must never be sent twice). Nothing is shared between processes; every app
// server keeps its own, bounded by bytes.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { NextFunction, Request, Response } from "express";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import type { AppContext } from "./context.server";

export type CachedPage = {
  body: Buffer;
  /** The same, gzipped once (browsers ask for it; compressing per response would cost more than the rest). */
  gzip: Buffer | null;
  /** 'sha256-…' of every inline script, for the CSP. */
  scriptHashes: string[];
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
const SEARCH_PAGE = "/search";
/** Longer search URLs are rendered every time (no key per junk query string). */
const MAX_SEARCH_URL = 600;

/**
 * What search can answer right now, as one string (migration 2026-12-02T2201): it changes when a
 * statement that changed search_documents or search_synonyms commits. Tag and organisation names
 * shown on hits are bounded by the cache's lifetime, as other pages' are.
 */
export async function searchRevision(db: DB): Promise<string> {
  const { rows } = await sql<{ rev: string }>`
    SELECT coalesce(max(id), 0)::text || ':' || count(*)::text AS rev FROM search_changes`.execute(db);
  return rows[0]?.rev ?? "0:0";
}
const CACHEABLE_PARAMS = new Set(["mod", "modTarget"]);
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
  /** Guests' search pages (GET /search), kept apart so that many queries never push thread pages out. */
  searchStore?: PageStore;
  buildContext: (req: Request) => Promise<ContextResult>;
  contentSecurityPolicy: (source: { hashes: string[] }) => string;
}) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const m = req.method === "GET" ? THREAD_PAGE.exec(req.path) : null;
    const search = !m && req.method === "GET" && req.path === SEARCH_PAGE && !!opts.searchStore && req.originalUrl.length <= MAX_SEARCH_URL;
    // Only the page itself and its moderation notice (?mod=…&modTarget=…): any other query string
    // would make a new key per request and push real pages out.
    if (!search && (!m || Object.keys(req.query).some((k) => !CACHEABLE_PARAMS.has(k)))) return next();
    try {
      // Both lookups at once: the session and the thread's (or the search index's) revision.
      const [built, rev] = await Promise.all([
        opts.buildContext(req),
        m ? sql<{ page_rev: string }>`SELECT page_rev FROM threads WHERE id = ${m[1]}`.execute(opts.db).then((r) => r.rows[0]?.page_rev)
          : searchRevision(opts.db),
      ]);
      res.locals.appContext = built;
      if (rev === undefined) return next();
      const { context, setCookie } = built;
      // Search pages only for guests: everyone without a session sees the same public results,
      // and a member's page would carry their own header state.
      if (search && context.viewer !== null) return next();
      const store = search ? opts.searchStore! : opts.store;
      const key = createHash("sha256")
        .update(JSON.stringify([search ? "search" : "thread", req.originalUrl, context.locale, context.viewer, rev]))
        .digest("base64url");
      const hit = store.get(key);
      if (hit) {
        for (const [k, v] of hit.headers) res.setHeader(k, v);
        res.setHeader("Content-Security-Policy", opts.contentSecurityPolicy({ hashes: hit.scriptHashes }));
        res.setHeader("X-Page-Cache", "hit");
        res.setHeader("Vary", "Accept-Encoding, Cookie");
        if (setCookie) res.append("Set-Cookie", setCookie);
        const gzip = hit.gzip && acceptsGzip(req.get("accept-encoding"));
        const body = gzip ? hit.gzip! : hit.body;
        if (gzip) res.setHeader("Content-Encoding", "gzip"); // compression() leaves encoded bodies alone
        res.setHeader("Content-Length", body.length);
        res.status(200).end(body);
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
        const scriptHashes = inlineScriptHashes(body.toString("utf8"), context.nonce);
        if (scriptHashes === null) return;
        const gzip = gzipSync(body);
        store.set(key, { body, gzip, scriptHashes, headers, bytes: body.length + gzip.length, storedAt: Date.now() });
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

/**
 * The CSP hashes of a page's own inline scripts: those carrying the nonce it was rendered with.
 * Null (do not cache) when any script lacks that nonce or has a src: under the nonce policy such a
 * script would not run, and hashing it would let it run on every later view.
 */
export function inlineScriptHashes(html: string, nonce: string): string[] | null {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1]) || !m[1].includes(`nonce="${nonce}"`)) return null;
    hashes.push(`sha256-${createHash("sha256").update(m[2], "utf8").digest("base64")}`);
  }
  return [...new Set(hashes)];
}

/** Whether an Accept-Encoding header accepts gzip (a q=0 refuses it). */
export function acceptsGzip(header: string | undefined): boolean {
  for (const part of (header ?? "").split(",")) {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    if (coding !== "gzip" && coding !== "*") continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return !q || Number(q.slice(2)) > 0;
  }
  return false;
}
