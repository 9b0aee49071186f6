import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { BLOB_GONE_CHANNEL, BlobReadCache, CachedBlobStore } from "../../app/attachments/blob-cache.server";
import { PostgresBlobStore } from "../../app/attachments/blob-store-pg.server";
import { freshDatabase } from "../support/db";

// The download read cache in front of the blob store: a whole read fills it, later reads (and
// ranges) come from the local file, and bytes removed from the store are never served from it —
// not by this process, and not by another one (NOTIFY), nor after a removal nobody announced.

let db: DB;
let url: string;
let destroy: () => Promise<void>;
const MB = 1024 * 1024;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
async function bytes(r: Readable | null): Promise<Buffer> {
  if (!r) throw new Error("absent");
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}
/** One app process's view: its own cache over the shared PostgreSQL store. */
function processView(maxMb = 64) {
  const cache = new BlobReadCache(maxMb * MB, 32 * MB, () => url);
  const store = new CachedBlobStore(new PostgresBlobStore(db), cache, async (hash) => {
    await sql`SELECT pg_notify(${BLOB_GONE_CHANNEL}, ${hash})`.execute(db);
  });
  return { cache, store };
}
async function until(check: () => Promise<boolean>, ms = 5000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}
async function putRandom(store: CachedBlobStore, size: number) {
  const b = randomBytes(size);
  await store.put(sha(b), Readable.from([b]));
  return { b, hash: sha(b) };
}

beforeAll(async () => {
  ({ db, url, destroy } = await freshDatabase());
});
afterAll(() => destroy());

describe("blob read cache", () => {
  it("a whole read fills it; the next whole and ranged reads come from the file, byte for byte", async () => {
    const { cache, store } = processView();
    const { b, hash } = await putRandom(store, 700_000);
    expect(await cache.holds(hash)).toBe(false);
    expect((await bytes(await store.get(hash))).equals(b)).toBe(true);
    expect(await until(() => cache.holds(hash))).toBe(true);
    // The store's chunks go, the row stays: what is read now can only come from the cache.
    await db.deleteFrom("blob_chunks").where("hash", "=", hash).execute();
    expect((await bytes(await store.get(hash))).equals(b)).toBe(true);
    expect((await bytes(await store.get(hash, { start: 262_000, end: 524_999 }))).equals(b.subarray(262_000, 525_000))).toBe(true);
    expect((await bytes(await store.get(hash, { start: 699_990, end: 10_000_000 }))).equals(b.subarray(699_990))).toBe(true);
    cache.close();
  });

  it("a reader that stops early leaves nothing in the cache", async () => {
    const { cache, store } = processView();
    const { hash } = await putRandom(store, 2 * MB);
    const r = (await store.get(hash))!;
    await new Promise<void>((resolve) => r.once("data", () => resolve()));
    r.destroy();
    await new Promise((res) => setTimeout(res, 200));
    expect(await cache.holds(hash)).toBe(false);
    expect(cache.size.files).toBe(0);
    cache.close();
  });

  it("deleting through the store removes this process's copy and, by NOTIFY, another process's copy", async () => {
    const a = processView();
    const b = processView();
    const { b: data, hash } = await putRandom(a.store, 300_000);
    await bytes(await a.store.get(hash));
    await bytes(await b.store.get(hash));
    expect(await until(async () => (await a.cache.holds(hash)) && (await b.cache.holds(hash)))).toBe(true);
    expect((await bytes(await b.store.get(hash))).equals(data)).toBe(true);
    await new Promise((r) => setTimeout(r, 300)); // b's LISTEN is active

    expect(await a.store.delete(hash)).toBe(true);
    expect(await a.cache.holds(hash)).toBe(false);
    expect(await until(async () => !(await b.cache.holds(hash)))).toBe(true);
    expect(await b.store.get(hash)).toBeNull();
    a.cache.close();
    b.cache.close();
  });

  it("bytes removed from the store without any notice are not served, and the copy goes", async () => {
    const { cache, store } = processView();
    const { hash } = await putRandom(store, 200_000);
    await bytes(await store.get(hash));
    expect(await until(() => cache.holds(hash))).toBe(true);
    await db.deleteFrom("blobs").where("hash", "=", hash).execute(); // no NOTIFY
    expect(await store.get(hash)).toBeNull();
    expect(await cache.holds(hash)).toBe(false);
    cache.close();
  });

  it("a read vouched for by a live row asks the store nothing on a hit; a miss and an unvouched read still do", async () => {
    const { cache } = processView();
    const inner = new PostgresBlobStore(db);
    let lookups = 0;
    const counting = new Proxy(inner, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (prop === "size" || prop === "get" || prop === "has") return (...a: unknown[]) => (lookups++, (v as (...x: unknown[]) => unknown).apply(target, a));
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    const store = new CachedBlobStore(counting, cache, async () => undefined);
    const { b, hash } = await putRandom(store, 300_000);
    lookups = 0;
    // A miss: the store answers (and the cache fills), vouched for or not.
    expect((await bytes(await store.get(hash, undefined, { referenced: true }))).equals(b)).toBe(true);
    expect(lookups).toBeGreaterThan(0);
    expect(await until(() => cache.holds(hash))).toBe(true);
    lookups = 0;
    const part = await bytes(await store.get(hash, { start: 10, end: 99 }, { referenced: true }));
    expect(part.equals(b.subarray(10, 100))).toBe(true);
    expect(lookups).toBe(0);
    // Without the row's word, the store decides again: a removal nobody announced is caught.
    await db.deleteFrom("blobs").where("hash", "=", hash).execute();
    expect(await store.get(hash)).toBeNull();
    expect(lookups).toBe(1);
    expect(await cache.holds(hash)).toBe(false);
    cache.close();
  });

  it("stays within its size by dropping the least recently used; a file too large is never cached", async () => {
    const cache = new BlobReadCache(1 * MB, 600_000, () => url);
    const store = new CachedBlobStore(new PostgresBlobStore(db), cache, async () => undefined);
    const one = await putRandom(store, 400_000);
    const two = await putRandom(store, 400_000);
    const big = await putRandom(store, 700_000);
    await bytes(await store.get(one.hash));
    expect(await until(() => cache.holds(one.hash))).toBe(true);
    await bytes(await store.get(two.hash));
    expect(await until(() => cache.holds(two.hash))).toBe(true);
    await bytes(await store.get(one.hash)); // one is now the most recent
    const three = await putRandom(store, 400_000);
    await bytes(await store.get(three.hash));
    expect(await until(() => cache.holds(three.hash))).toBe(true);
    expect(await cache.holds(two.hash)).toBe(false);
    expect(await cache.holds(one.hash)).toBe(true);
    expect(cache.size.bytes).toBeLessThanOrEqual(1 * MB);
    await bytes(await store.get(big.hash));
    await new Promise((r) => setTimeout(r, 200));
    expect(await cache.holds(big.hash)).toBe(false);
    cache.close();
  });
});
