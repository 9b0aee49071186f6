import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { BlobHashMismatch, type BlobStore } from "../../app/attachments/blob-store.server";
import { CHUNK_BYTES, PostgresBlobStore } from "../../app/attachments/blob-store-pg.server";
import { BlobReadCache, CachedBlobStore } from "../../app/attachments/blob-cache.server";
import { S3BlobStore, s3ConfigFromEnv, s3Reachable } from "../../app/attachments/blob-store-s3.server";
import { freshDatabase } from "../support/db";

// One contract, both blob stores. PostgreSQL always runs; S3 runs when S3_BUCKET (and usually
// S3_ENDPOINT) point at a reachable server such as MinIO — none can be installed on the build
// machines, so it is usually skipped, and says so.
const s3Cfg = s3ConfigFromEnv();
const s3Up = await s3Reachable(s3Cfg ? { ...s3Cfg, prefix: `contract-${process.pid}/` } : null);
if (!s3Up) console.info(`blob-store-contract: S3 run SKIPPED — no server reachable${s3Cfg ? ` for bucket ${s3Cfg.bucket}` : " (S3_BUCKET not set)"}`);

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
async function bytes(r: Readable | null): Promise<Buffer> {
  if (!r) throw new Error("absent");
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}
/** A stream that yields `b` in small, uneven pieces (like a socket), never as one buffer. */
function trickle(b: Buffer, piece = 70_001): Readable {
  return Readable.from((function* () {
    for (let i = 0; i < b.length; i += piece) yield b.subarray(i, i + piece);
  })());
}

const STORES: { name: string; run: boolean; make: (db: DB) => BlobStore }[] = [
  { name: "postgres", run: true, make: (db) => new PostgresBlobStore(db) },
  // The download path's store: the same contract through the process's read cache.
  { name: "postgres + read cache", run: true, make: (db) => new CachedBlobStore(new PostgresBlobStore(db), new BlobReadCache(64 * 1024 * 1024, 32 * 1024 * 1024, () => undefined), async () => undefined) },
  { name: "s3", run: s3Up, make: () => new S3BlobStore({ ...s3Cfg!, prefix: `contract-${process.pid}/` }) },
];

for (const S of STORES) {
  describe.skipIf(!S.run)(`blob store contract: ${S.name}`, () => {
    let db: DB;
    let destroy: () => Promise<void>;
    let store: BlobStore;
    const big = randomBytes(3 * CHUNK_BYTES + 12_345); // several chunks, last one partial
    const bigHash = sha(big);

    beforeAll(async () => {
      ({ db, destroy } = await freshDatabase());
      store = S.make(db);
    });
    afterAll(() => destroy());

    it("stores streamed bytes under their hash and gives them back exactly", async () => {
      expect(await store.has(bigHash)).toBe(false);
      expect(await store.get(bigHash)).toBeNull();
      expect(await store.put(bigHash, trickle(big))).toEqual({ size: big.length, created: true });
      expect(await store.has(bigHash)).toBe(true);
      expect(await store.size(bigHash)).toBe(big.length);
      expect((await bytes(await store.get(bigHash))).equals(big)).toBe(true);
    });

    it("stores the same bytes once", async () => {
      expect(await store.put(bigHash, trickle(big))).toEqual({ size: big.length, created: false });
      if (S.name === "postgres") {
        const rows = await db.selectFrom("blob_chunks").select(({ fn }) => fn.countAll<string>().as("n")).where("hash", "=", bigHash).executeTakeFirstOrThrow();
        expect(Number(rows.n)).toBe(4);
        const b = await db.selectFrom("blobs").select(({ fn }) => fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
        expect(Number(b.n)).toBe(1);
      }
    });

    it("reads byte ranges, within one chunk and across chunk borders", async () => {
      for (const [start, end] of [[0, 0], [10, 99], [CHUNK_BYTES - 5, CHUNK_BYTES + 5], [CHUNK_BYTES, 3 * CHUNK_BYTES + 100], [big.length - 10, big.length - 1]]) {
        expect((await bytes(await store.get(bigHash, { start, end }))).equals(big.subarray(start, end + 1))).toBe(true);
      }
    });

    it("refuses bytes that don't match their hash and keeps nothing of them", async () => {
      const other = randomBytes(CHUNK_BYTES + 1);
      const wrong = sha(Buffer.from("something else"));
      await expect(store.put(wrong, trickle(other))).rejects.toBeInstanceOf(BlobHashMismatch);
      expect(await store.has(wrong)).toBe(false);
      if (S.name === "postgres") {
        const n = await db.selectFrom("blob_chunks").select(({ fn }) => fn.countAll<string>().as("n")).where("hash", "=", wrong).executeTakeFirstOrThrow();
        expect(Number(n.n)).toBe(0);
      }
      await expect(store.put("not-a-hash", trickle(other))).rejects.toBeInstanceOf(BlobHashMismatch);
    });

    it("keeps nothing of a stream that breaks half-way (a truncated upload), and goes on working", async () => {
      const whole = randomBytes(2 * CHUNK_BYTES + 99);
      const broken = Readable.from((async function* () {
        yield whole.subarray(0, CHUNK_BYTES + 10); // one whole chunk already sent on its way
        throw new Error("the upload stopped");
      })());
      await expect(store.put(sha(whole), broken)).rejects.toThrow("the upload stopped");
      expect(await store.has(sha(whole))).toBe(false);
      if (S.name === "postgres") {
        const n = await db.selectFrom("blob_chunks").select(({ fn }) => fn.countAll<string>().as("n")).where("hash", "=", sha(whole)).executeTakeFirstOrThrow();
        expect(Number(n.n)).toBe(0);
      }
      // Every connection of the pool (4) still answers, and the same bytes can be stored whole.
      await Promise.all([1, 2, 3, 4].map(() => store.has(bigHash)));
      expect(await store.put(sha(whole), trickle(whole))).toEqual({ size: whole.length, created: true });
      expect((await bytes(await store.get(sha(whole)))).equals(whole)).toBe(true);
    });

    it("stores an empty blob and a one-byte blob", async () => {
      const empty = Buffer.alloc(0);
      expect((await store.put(sha(empty), Readable.from([]))).size).toBe(0);
      expect((await bytes(await store.get(sha(empty)))).length).toBe(0);
      const one = Buffer.from("x");
      await store.put(sha(one), Readable.from([one]));
      expect((await bytes(await store.get(sha(one)))).toString()).toBe("x");
    });

    it("deletes for real: the bytes are gone", async () => {
      expect(await store.delete(bigHash)).toBe(true);
      expect(await store.has(bigHash)).toBe(false);
      expect(await store.get(bigHash)).toBeNull();
      expect(await store.delete(bigHash)).toBe(false);
      if (S.name === "postgres") {
        const n = await db.selectFrom("blob_chunks").select(({ fn }) => fn.countAll<string>().as("n")).where("hash", "=", bigHash).executeTakeFirstOrThrow();
        expect(Number(n.n)).toBe(0);
      }
    });

    it("answers absent for names that are not hashes", async () => {
      expect(await store.get("../../etc/passwd")).toBeNull();
      expect(await store.size("")).toBeNull();
      expect(await store.delete("x")).toBe(false);
    });
  });
}
