import { mkdtempSync, rmSync } from "node:fs";
import { open, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { z } from "zod";
import { hashing, HASH_RE, type BlobStore, type ByteRange } from "./blob-store.server";
import { FileSlice, forgetHead } from "./file-slice.server";

// A process-local read cache in front of the blob store (docs/decisions/2026-12-03-blob-read-cache.md).
// Downloads are the hot path: a 20 MB PDF read from PostgreSQL chunk by chunk costs the database
// and this process far more than the same bytes from a local file. So the first full read of a
// blob also writes it to a file in this process's own temporary directory, and later reads
// (whole or ranges) stream from that file.
//
// It is a cache, never a second store: app servers stay stateless (a new instance starts empty,
// and the directory is removed when the process ends), files are named by their content hash and
// kept only once their bytes hash to it, and every read first asks the real store whether the
// blob still exists, so bytes removed there (gallring, redaction, orphan clean-up) are never
// served from here. Removal also reaches every other process at once: the store's delete sends a
// NOTIFY on `allmanning_blob_gone`, each process listens and deletes its copy, and after a lost
// LISTEN connection a process checks every cached hash against the store. The permission check
// is untouched: it runs on every request before the store is asked for bytes.

export const BLOB_GONE_CHANNEL = "allmanning_blob_gone";

const schema = z.object({
  BLOB_CACHE_MB: z.coerce.number().min(0).max(1_000_000).default(1024),
  BLOB_CACHE_MAX_FILE_MB: z.coerce.number().positive().max(10_000).default(64),
});

type Entry = { size: number };

export class BlobReadCache {
  /** Hash → entry, least recently used first (a hit moves it to the end). */
  private entries = new Map<string, Entry>();
  private filling = new Set<string>();
  private bytes = 0;
  private dir: string | null = null;
  private listener: pg.Client | null = null;
  private retry = 500;
  private closed = false;

  constructor(
    readonly maxBytes: number,
    readonly maxFileBytes: number,
    private readonly databaseUrl: () => string | undefined = () => process.env.DATABASE_URL,
  ) {}

  get size() {
    return { files: this.entries.size, bytes: this.bytes };
  }

  private file(hash: string) {
    this.dir ??= mkdtempSync(path.join(tmpdir(), "allm-blob-cache-"));
    return path.join(this.dir, hash);
  }

  /** Hashes cached now (tests and the sweep). */
  hashes(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * The bytes of `hash` (or a range), from the cache when it holds them, else from `store` —
   * a whole read of a blob small enough is written to the cache on the way.
   */
  async get(store: BlobStore, hash: string, range?: ByteRange, opts: { referenced?: boolean } = {}): Promise<Readable | null> {
    if (!HASH_RE.test(hash)) return null;
    const cached = this.entries.get(hash);
    // A read vouched for by a live attachment row (the download's permission check, a moment ago)
    // needs no second lookup: the store deletes only what no row names, and a delete reaches this
    // cache by `forget` and NOTIFY. Any other read lets the store decide, every time.
    const size = opts.referenced && cached ? cached.size : await store.size(hash);
    if (size === null) {
      await this.forget(hash);
      return null;
    }
    const hit = this.entries.get(hash);
    if (hit) {
      this.entries.delete(hash);
      this.entries.set(hash, hit);
      const start = range ? Math.max(0, range.start) : 0;
      const end = range ? Math.min(size - 1, range.end) : size - 1;
      if (end < start) return Readable.from([]);
      return new FileSlice(this.file(hash), start, end, true);
    }
    const source = await store.get(hash, range);
    if (!source || range || size > this.maxFileBytes || this.maxBytes === 0 || this.filling.has(hash) || this.closed) return source;
    return this.fill(hash, size, source);
  }

  /** Passes `source` through to the reader while writing it to a temporary file; kept only when complete and true. */
  private fill(hash: string, size: number, source: Readable): Readable {
    this.filling.add(hash);
    const target = this.file(hash);
    const partial = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
    const counted = hashing(source);
    const out = new PassThrough({ highWaterMark: 256 * 1024 });
    void (async () => {
      const fh = await open(partial, "w").catch(() => null);
      let ok = fh !== null;
      try {
        // The reader sets the pace; the file is written as the bytes pass. A reader that goes
        // away early leaves an incomplete file, which is thrown away.
        await pipeline(counted.stream, async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            if (ok) {
              try {
                await fh!.write(chunk);
              } catch {
                ok = false;
              }
            }
            yield chunk;
          }
        }, out);
      } catch {
        ok = false;
      } finally {
        await fh?.close().catch(() => undefined);
      }
      const done = counted.done();
      if (ok && done.hash === hash && done.size === size && !this.closed) {
        await rename(partial, target).catch(() => (ok = false));
        if (ok) this.add(hash, size);
      } else await rm(partial, { force: true });
      this.filling.delete(hash);
    })();
    return out;
  }

  private add(hash: string, size: number) {
    if (this.entries.has(hash)) return;
    this.entries.set(hash, { size });
    this.bytes += size;
    for (const [h, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(h);
      this.bytes -= e.size;
      forgetHead(this.file(h));
      void rm(this.file(h), { force: true });
    }
    void this.listen();
  }

  /** Removes this process's copy of `hash`, if any. */
  async forget(hash: string): Promise<void> {
    const e = this.entries.get(hash);
    if (!e) return;
    this.entries.delete(hash);
    this.bytes -= e.size;
    forgetHead(this.file(hash));
    await rm(this.file(hash), { force: true });
  }

  /** Drops every cached blob the store no longer has (after a lost LISTEN connection, and in tests). */
  async sweep(store: BlobStore): Promise<number> {
    let removed = 0;
    for (const h of this.hashes()) {
      if ((await store.size(h)) === null) {
        await this.forget(h);
        removed++;
      }
    }
    return removed;
  }

  /** True when a file for `hash` is on this process's disk (tests). */
  async holds(hash: string): Promise<boolean> {
    if (!this.dir) return false;
    return stat(this.file(hash)).then(() => true, () => false);
  }

  /** One LISTEN connection per process that caches anything: removals elsewhere reach this copy at once. */
  private async listen(): Promise<void> {
    const url = this.databaseUrl();
    if (this.listener || this.closed || !url) return;
    const c = new pg.Client({ connectionString: url, application_name: "allmanning-blob-cache" });
    this.listener = c;
    const lost = () => {
      if (this.listener !== c) return;
      this.listener = null;
      if (this.closed) return;
      const wait = this.retry;
      this.retry = Math.min(this.retry * 2, 10_000);
      // NOTIFYs sent while disconnected are gone: drop every copy; the next fill listens again.
      setTimeout(() => void this.clear(), wait).unref();
    };
    c.on("error", lost);
    c.on("end", lost);
    c.on("notification", (n) => {
      if (n.channel === BLOB_GONE_CHANNEL && n.payload) for (const h of n.payload.split(",")) void this.forget(h);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${BLOB_GONE_CHANNEL}`);
      this.retry = 500;
    } catch {
      await c.end().catch(() => undefined);
      lost();
    }
  }

  /** Empties the cache (its files go). */
  async clear(): Promise<void> {
    for (const h of this.hashes()) await this.forget(h);
  }

  /** Process exit: the listener ends and the directory goes. */
  close() {
    this.closed = true;
    const c = this.listener;
    this.listener = null;
    void c?.end().catch(() => undefined);
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.entries.clear();
    this.bytes = 0;
  }
}

/**
 * A store whose reads go through the process's cache and whose deletes reach every process's
 * cache: the local copy goes at once, the others by NOTIFY (sent after the store has deleted).
 */
export class CachedBlobStore implements BlobStore {
  constructor(
    private readonly inner: BlobStore,
    private readonly cache: BlobReadCache,
    private readonly notify: (hash: string) => Promise<void>,
  ) {}
  get name() {
    return this.inner.name;
  }
  put(hash: string, body: Readable) {
    return this.inner.put(hash, body);
  }
  get(hash: string, range?: ByteRange, opts?: { referenced?: boolean }) {
    return this.cache.get(this.inner, hash, range, opts);
  }
  has(hash: string) {
    return this.inner.has(hash);
  }
  size(hash: string) {
    return this.inner.size(hash);
  }
  async delete(hash: string) {
    const removed = await this.inner.delete(hash);
    await this.cache.forget(hash);
    await this.notify(hash).catch(() => undefined); // a lost NOTIFY is covered by the read-time check
    return removed;
  }
}

const g = globalThis as typeof globalThis & { __allmanningBlobCache?: BlobReadCache | null };

/** The process's cache (null when BLOB_CACHE_MB=0), shared by the server entry and the Remix bundle. */
export function blobReadCache(env: Record<string, string | undefined> = process.env): BlobReadCache | null {
  if (g.__allmanningBlobCache !== undefined) return g.__allmanningBlobCache;
  const e = schema.parse(env);
  const cache = e.BLOB_CACHE_MB === 0 ? null : new BlobReadCache(e.BLOB_CACHE_MB * 1024 * 1024, e.BLOB_CACHE_MAX_FILE_MB * 1024 * 1024);
  g.__allmanningBlobCache = cache;
  if (cache) process.once("exit", () => cache.close());
  return cache;
}
