import { Readable } from "node:stream";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { BlobHashMismatch, HASH_RE, hashing, type BlobStore, type ByteRange } from "./blob-store.server";

// The PostgreSQL blob store: `blobs` (hash, size) and `blob_chunks` (hash, seq, data). A put runs
// in one transaction, chunk by chunk as the stream yields them, and commits only when the bytes
// hash to the name they were given, so a half-written or lying blob never becomes visible. Reads
// fetch a few chunks per query, so a 25 MB file is never in memory at once; a range reads only
// the chunks it overlaps.

export const CHUNK_BYTES = 256 * 1024;
const CHUNKS_PER_QUERY = 4;

export class PostgresBlobStore implements BlobStore {
  readonly name = "postgres" as const;
  constructor(private readonly db: DB) {}

  async put(hash: string, body: Readable): Promise<{ size: number; created: boolean }> {
    if (!HASH_RE.test(hash)) throw new BlobHashMismatch();
    const known = await this.size(hash);
    if (known !== null) {
      body.resume(); // same bytes already stored: drain and keep the one copy
      body.destroy();
      return { size: known, created: false };
    }
    const counted = hashing(body);
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx.insertInto("blobs").values({ hash, size: 0 }).onConflict((oc) => oc.doNothing()).returning("hash").executeTakeFirst();
      if (!inserted) {
        counted.stream.destroy();
        const size = await this.size(hash);
        return { size: size ?? 0, created: false };
      }
      let seq = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      // Whole chunks go to the database as they are; only a stream's uneven pieces are joined.
      const flush = async (final: boolean) => {
        while (pendingBytes >= CHUNK_BYTES || (final && pendingBytes > 0)) {
          let data: Buffer;
          if (pending[0].length === CHUNK_BYTES || (final && pending.length === 1 && pending[0].length <= CHUNK_BYTES)) {
            data = pending.shift()!;
          } else {
            const all = pending.length === 1 ? pending[0] : Buffer.concat(pending);
            data = all.length > CHUNK_BYTES ? Buffer.from(all.subarray(0, CHUNK_BYTES)) : all;
            pending = all.length > CHUNK_BYTES ? [all.subarray(CHUNK_BYTES)] : [];
          }
          pendingBytes -= data.length;
          await trx.insertInto("blob_chunks").values({ hash, seq: seq++, data }).execute();
        }
      };
      for await (const chunk of counted.stream) {
        pending.push(chunk as Buffer);
        pendingBytes += (chunk as Buffer).length;
        if (pendingBytes >= CHUNK_BYTES) await flush(false);
      }
      await flush(true);
      const { hash: actual, size } = counted.done();
      if (actual !== hash) throw new BlobHashMismatch(); // rolls the whole put back
      await trx.updateTable("blobs").set({ size }).where("hash", "=", hash).execute();
      return { size, created: true };
    });
  }

  async get(hash: string, range?: ByteRange): Promise<Readable | null> {
    const size = await this.size(hash);
    if (size === null) return null;
    const start = range ? Math.max(0, range.start) : 0;
    const end = range ? Math.min(size - 1, range.end) : size - 1;
    if (end < start) return Readable.from([]);
    const first = Math.floor(start / CHUNK_BYTES);
    const last = Math.floor(end / CHUNK_BYTES);
    const db = this.db;
    async function* chunks() {
      for (let seq = first; seq <= last; seq += CHUNKS_PER_QUERY) {
        const rows = await db
          .selectFrom("blob_chunks")
          .select(["seq", "data"])
          .where("hash", "=", hash)
          .where("seq", ">=", seq)
          .where("seq", "<", Math.min(last + 1, seq + CHUNKS_PER_QUERY))
          .orderBy("seq")
          .execute();
        for (const r of rows) {
          const base = r.seq * CHUNK_BYTES;
          const from = Math.max(0, start - base);
          const to = Math.min(r.data.length, end - base + 1);
          yield from === 0 && to === r.data.length ? r.data : r.data.subarray(from, to);
        }
      }
    }
    return Readable.from(chunks());
  }

  async has(hash: string): Promise<boolean> {
    return (await this.size(hash)) !== null;
  }

  async size(hash: string): Promise<number | null> {
    if (!HASH_RE.test(hash)) return null;
    // A blob whose put has not committed is invisible (its row is in an open transaction).
    const row = await this.db.selectFrom("blobs").select("size").where("hash", "=", hash).executeTakeFirst();
    return row ? Number(row.size) : null;
  }

  async delete(hash: string): Promise<boolean> {
    if (!HASH_RE.test(hash)) return false;
    const r = await this.db.deleteFrom("blobs").where("hash", "=", hash).executeTakeFirst(); // chunks cascade
    return Number(r.numDeletedRows) > 0;
  }

  /** Housekeeping: hashes stored here that no attachment (file or image variant) names, older than `before`. */
  async unreferenced(before: Date): Promise<string[]> {
    const rows = await this.db
      .selectFrom("blobs as b")
      .select("b.hash")
      .where("b.created_at", "<", before)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom("attachments as a").select(sql`1`.as("x")).where((eb) =>
          eb.or([eb("a.blob_hash", "=", eb.ref("b.hash")), sql<boolean>`a.variants @> jsonb_build_array(jsonb_build_object('hash', b.hash))`]),
        ))),
      )
      .limit(500)
      .execute();
    return rows.map((r) => r.hash);
  }
}
