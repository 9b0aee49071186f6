import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { BLOB_GONE_CHANNEL, blobReadCache, CachedBlobStore } from "./blob-cache.server";
import { PostgresBlobStore } from "./blob-store-pg.server";
import { S3BlobStore, s3ConfigFromEnv } from "./blob-store-s3.server";

// The blob store: content-addressed bytes (sha256 hex). Two implementations behind one
// interface, one contract suite (tests/integration/blob-store-contract.test.ts): PostgreSQL (the
// default: chunked rows, so app servers stay stateless and the README's two commands need
// nothing else) and S3-compatible object storage (switched on by S3_BUCKET). Both stream: no
// call holds a whole file in memory.

export type ByteRange = { start: number; end: number }; // inclusive, like HTTP

export interface BlobStore {
  readonly name: "postgres" | "s3";
  /** Stores the stream's bytes under `hash`; refuses (and stores nothing) when they don't hash to it. Same hash twice: stored once. */
  put(hash: string, body: Readable): Promise<{ size: number; created: boolean }>;
  /**
   * The bytes (or one inclusive range of them) as a stream; null when absent. `referenced`: the
   * caller has just read, under the read rule, a live attachment row naming `hash` — a store
   * deletes only hashes no row names, so a process-local cached copy may answer without asking
   * the store again (docs/decisions/2026-12-07-blob-cache-trusts-the-row-check.md).
   */
  get(hash: string, range?: ByteRange, opts?: { referenced?: boolean }): Promise<Readable | null>;
  has(hash: string): Promise<boolean>;
  /** Size in bytes, or null when absent. */
  size(hash: string): Promise<number | null>;
  /** Removes the bytes for real; true when something was there. */
  delete(hash: string): Promise<boolean>;
}

export const HASH_RE = /^[0-9a-f]{64}$/;

export class BlobHashMismatch extends Error {
  constructor() {
    super("blob bytes do not match their hash");
  }
}

/** A pass-through that hashes and counts what flows through it. */
export function hashing(body: Readable): { stream: Readable; done: () => { hash: string; size: number } } {
  const h = createHash("sha256");
  let size = 0;
  const stream = body.map((chunk: Buffer) => {
    h.update(chunk);
    size += chunk.length;
    return chunk;
  }) as Readable;
  return { stream, done: () => ({ hash: h.digest("hex"), size }) };
}

const g = globalThis as typeof globalThis & { __allmanningBlobStore?: BlobStore };

/**
 * The process's store: S3 when S3_BUCKET is set, else PostgreSQL; reads go through the
 * process's read cache (blob-cache.server.ts) unless BLOB_CACHE_MB=0.
 */
export function blobStoreFor(db: DB): BlobStore {
  if (g.__allmanningBlobStore) return g.__allmanningBlobStore;
  const s3 = s3ConfigFromEnv();
  const inner = s3 ? new S3BlobStore(s3) : new PostgresBlobStore(db);
  const cache = blobReadCache();
  const store = cache ? new CachedBlobStore(inner, cache, (hash) => sql`SELECT pg_notify(${BLOB_GONE_CHANNEL}, ${hash})`.execute(db).then(() => undefined)) : inner;
  // The S3 client is worth keeping; the PostgreSQL store is only a view over `db`.
  if (s3) g.__allmanningBlobStore = store;
  return store;
}

/** Bytes in memory to a Readable (tests and small image variants). */
export const fromBuffer = (b: Buffer) => Readable.from([b]);
