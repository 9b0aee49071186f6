import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import { ZipArchive } from "archiver";
import type { DB } from "../../db/client";
import { chunkAt, insertChunk } from "./exports.repo.server";

// Zips are streamed into PostgreSQL in chunks as archiver produces them, and streamed out one
// chunk at a time: neither the build job nor a download ever holds the whole zip in memory.
export const CHUNK_BYTES = 256 * 1024;

export type ZipSink = {
  /** Adds a file; a string or buffer is small, an async iterable of strings is streamed. */
  add(name: string, content: string | Buffer | AsyncIterable<string | Buffer>): Promise<void>;
};

/** Builds a zip with `fill` and stores it as chunks of `exportId`; returns its size and SHA-256. */
export async function zipToChunks(db: DB, exportId: string, fill: (zip: ZipSink) => Promise<void>): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0;
  let bytes = 0;
  const flush = async () => {
    if (!pendingBytes) return;
    const buf = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    await insertChunk(db, exportId, seq++, buf);
  };
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < CHUNK_BYTES) return done();
      flush().then(() => done(), done);
    },
    final(done) {
      flush().then(() => done(), done);
    },
  });
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const finished = new Promise<void>((resolve, reject) => {
    sink.on("finish", resolve);
    sink.on("error", reject);
    zip.on("error", reject);
    zip.on("warning", reject);
  });
  zip.pipe(sink);
  const add = async (name: string, content: string | Buffer | AsyncIterable<string | Buffer>) => {
    if (typeof content === "string" || Buffer.isBuffer(content)) {
      zip.append(content, { name });
    } else {
      const { Readable } = await import("node:stream");
      zip.append(Readable.from(content), { name });
    }
    // Wait until archiver has taken this entry before queueing the next one (bounded memory).
    await new Promise<void>((resolve, reject) => {
      const onEntry = () => { zip.off("error", onError); resolve(); };
      const onError = (e: Error) => { zip.off("entry", onEntry); reject(e); };
      zip.once("entry", onEntry);
      zip.once("error", onError);
    });
  };
  await fill({ add });
  await zip.finalize();
  await finished;
  return { bytes, sha256: hash.digest("hex") };
}

/** The stored zip as a web stream, read one chunk per pull. */
export function chunkStream(db: DB, exportId: string): ReadableStream<Uint8Array> {
  let seq = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const buf = await chunkAt(db, exportId, seq++);
      if (!buf) controller.close();
      else controller.enqueue(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
    },
  });
}
