import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { sql } from "kysely";
import { poolOf, type DB } from "../../db/client";
import { BlobHashMismatch, HASH_RE, hashing, type BlobStore, type ByteRange } from "./blob-store.server";

// The PostgreSQL blob store: `blobs` (hash, size) and `blob_chunks` (hash, seq, data). A put runs
// in one transaction, chunk by chunk as the stream yields them, and commits only when the bytes
// hash to the name they were given, so a half-written or lying blob never becomes visible.
// The chunks go in by COPY in binary format: the file's own buffers are written to the
// connection as they are, where a bytea parameter was copied twice more into pg's message
// buffers (~0.75 MB of short-lived memory per 256 KB chunk, which at 10 concurrent uploads of
// 20 MB piled up to ~60 MB before V8 collected it: bench/attachments-io.ts). Reads
// fetch a few chunks per query, so a 25 MB file is never in memory at once; a range reads only
// the chunks it overlaps.

export const CHUNK_BYTES = 256 * 1024;
const CHUNKS_PER_QUERY = 4;

// COPY's binary format (PostgreSQL docs, "COPY", Binary Format): a signature, flags and an empty
// header extension; each row a field count and, per field, its length and bytes; -1 at the end.
const SIGNATURE = Buffer.concat([Buffer.from("PGCOPY\n\xff\r\n\0", "latin1"), Buffer.alloc(8)]);
const TRAILER = Buffer.from([0xff, 0xff]);

/** The stream's bytes as binary COPY rows (hash, seq, data) of CHUNK_BYTES each (the last shorter), without copying them. */
function copyRows(hash: string) {
  const hashBytes = Buffer.from(hash, "latin1");
  const rowHead = (seq: number, length: number) => {
    const b = Buffer.allocUnsafe(2 + 4 + hashBytes.length + 4 + 4 + 4);
    let o = b.writeInt16BE(3, 0);
    o = b.writeInt32BE(hashBytes.length, o);
    o += hashBytes.copy(b, o);
    o = b.writeInt32BE(4, o);
    o = b.writeInt32BE(seq, o);
    b.writeInt32BE(length, o);
    return b;
  };
  return async function* (chunks: AsyncIterable<Buffer>) {
    yield SIGNATURE;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for await (const chunk of chunks) {
      let rest = chunk;
      while (pendingBytes + rest.length >= CHUNK_BYTES) {
        const take = CHUNK_BYTES - pendingBytes;
        yield rowHead(seq++, CHUNK_BYTES);
        for (const p of pending) yield p;
        yield rest.subarray(0, take);
        rest = rest.subarray(take);
        pending = [];
        pendingBytes = 0;
      }
      if (rest.length) {
        pending.push(rest);
        pendingBytes += rest.length;
      }
    }
    if (pendingBytes > 0) {
      yield rowHead(seq++, pendingBytes);
      for (const p of pending) yield p;
    }
    yield TRAILER;
  };
}

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
    const client = await poolOf(this.db).connect();
    let broken: unknown = undefined;
    try {
      await client.query("BEGIN");
      const inserted = await client.query("INSERT INTO blobs (hash, size) VALUES ($1, 0) ON CONFLICT DO NOTHING RETURNING hash", [hash]);
      if (inserted.rowCount === 0) {
        counted.stream.destroy();
        await client.query("ROLLBACK");
        return { size: (await this.size(hash)) ?? 0, created: false };
      }
      await pipeline(counted.stream, copyRows(hash), client.query(copyFrom("COPY blob_chunks (hash, seq, data) FROM STDIN (FORMAT binary)")));
      const { hash: actual, size } = counted.done();
      if (actual !== hash) throw new BlobHashMismatch(); // rolls the whole put back
      await client.query("UPDATE blobs SET size = $1 WHERE hash = $2", [size, hash]);
      await client.query("COMMIT");
      return { size, created: true };
    } catch (e) {
      await client.query("ROLLBACK").catch((r: unknown) => (broken = r));
      throw e;
    } finally {
      client.release(broken instanceof Error ? broken : undefined); // a connection that cannot roll back is not reused
    }
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
