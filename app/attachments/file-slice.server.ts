import { createReadStream, type ReadStream } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { Readable } from "node:stream";

// A byte range of a local file (the blob read cache's copy), as a stream for any reader, and
// sent to an HTTP response through a small pool of reused buffers by the download route.
//
// Why the pool: a read stream allocates a fresh buffer for every chunk. At 20 downloads of 20 MB
// that is ~2,000 buffers of 256 KB a second, and V8 answers that much external memory with a
// full mark-compact every ~170 ms, whose pauses (15–30 ms, incremental marking up to 130 ms)
// land on whichever request is checking its permission at the time: the tail of
// bench/attachments-io.ts. Reading into a buffer that is given back once the socket has taken
// its bytes allocates nothing in steady state.

const CHUNK = 256 * 1024;

// The first bytes of recently sent cached files, in memory. A download's first byte then leaves
// as soon as its permission check has answered, instead of waiting for an open and a read in
// libuv's thread pool, which at 20 concurrent downloads queue behind the other downloads' reads
// (p95 11–16 ms each, bench/attachments-io.ts, 2026-12-08). The cache's files are named by
// their content's hash and never rewritten, so a head never goes stale; the cache drops a
// file's head with the file. Bounded: 64 KB a file, 16 MB in all (least recently used first).
const HEAD = 64 * 1024;
const HEADS_MAX_BYTES = 16 * 1024 * 1024;
type Heads = { map: Map<string, Buffer>; bytes: number };
// On globalThis: the server entry (which sends) and the Remix bundle (whose blob cache forgets) each load this module.
const heads: Heads = ((globalThis as { [k: symbol]: Heads })[Symbol.for("allmanning.fileHeads")] ??= { map: new Map(), bytes: 0 });

function keepHead(file: string, bytes: Buffer) {
  if (heads.map.has(file) || bytes.length === 0) return;
  const copy = Buffer.allocUnsafeSlow(bytes.length); // its own memory: the chunk buffer goes back to the pool
  bytes.copy(copy);
  heads.map.set(file, copy);
  heads.bytes += copy.length;
  for (const [f, b] of heads.map) {
    if (heads.bytes <= HEADS_MAX_BYTES) break;
    heads.map.delete(f);
    heads.bytes -= b.length;
  }
}

/** Drops the head kept for `file` (the blob cache, when it removes the file). */
export function forgetHead(file: string) {
  const b = heads.map.get(file);
  if (!b) return;
  heads.map.delete(file);
  heads.bytes -= b.length;
}

/** The number of heads kept and their bytes (tests). */
export const headsKept = () => ({ files: heads.map.size, bytes: heads.bytes });
const MAX_FREE = 32; // at most 8 MB kept between downloads
const free: Buffer[] = [];
const take = () => free.pop() ?? Buffer.allocUnsafeSlow(CHUNK);
const give = (b: Buffer) => {
  if (free.length < MAX_FREE) free.push(b);
};

// The server entry and the Remix bundle each load this module, and the blob cache that makes
// slices is shared on globalThis, so a slice is known by a registered symbol, not by instanceof.
const BRAND = Symbol.for("allmanning.fileSlice");
export const isFileSlice = (x: unknown): x is FileSlice => typeof x === "object" && x !== null && (x as { [BRAND]?: true })[BRAND] === true;

/** Bytes `start`..`end` (inclusive) of `file`. Read as a stream, it is a plain file read stream. */
export class FileSlice extends Readable {
  readonly [BRAND] = true;
  private inner: ReadStream | null = null;
  /** `immutable`: the file's bytes never change under its name (the blob cache's), so its head may be kept. */
  constructor(readonly file: string, readonly start: number, readonly end: number, readonly immutable = false) {
    super();
  }

  override _read() {
    if (this.inner) return void this.inner.resume();
    const inner = (this.inner = createReadStream(this.file, { start: this.start, end: this.end, highWaterMark: CHUNK }));
    inner.on("data", (chunk) => {
      if (!this.push(chunk)) inner.pause();
    });
    inner.on("end", () => this.push(null));
    inner.on("error", (e) => this.destroy(e));
  }

  override _destroy(error: Error | null, cb: (error?: Error | null) => void) {
    this.inner?.destroy();
    cb(error);
  }
}

/**
 * Writes the slice to `res` and ends it: one read ahead of one write in flight, each buffer back
 * in the pool once the socket has taken it (its write callback). A client that goes away ends
 * the loop; a buffer whose write never completed is left to the garbage collector.
 * `onFirstByte` runs just before the first bytes are written (headers can still be set then).
 * A slice from the start of an immutable file sends its kept head first, then reads the rest.
 */
export async function sendFileSlice(res: ServerResponse, slice: FileSlice, onFirstByte: () => void = () => undefined): Promise<void> {
  slice.destroy(); // its own stream is not used
  let first = true;
  const write = (chunk: Buffer, done: (err: Error | null | undefined) => void) => {
    if (first) {
      first = false;
      onFirstByte();
    }
    res.write(chunk, done);
  };
  let onClose: () => void = () => undefined;
  const closed = new Promise<false>((resolve) => {
    onClose = () => resolve(false);
    if (res.destroyed) resolve(false);
    res.once("close", onClose);
  });
  let pos = slice.start;
  let inflight: Promise<boolean> | null = null;
  const head = slice.immutable && slice.start === 0 ? heads.map.get(slice.file) : undefined;
  if (head) {
    heads.map.delete(slice.file); // most recently used last
    heads.map.set(slice.file, head);
    const part = head.subarray(0, Math.min(head.length, slice.end + 1));
    pos += part.length;
    inflight = new Promise<boolean>((resolve) => write(part, (err) => resolve(!err)));
  }
  let fh: FileHandle | null = null;
  try {
    if (pos > slice.end) {
      if (!(await Promise.race([inflight!, closed]))) return;
      return void res.end();
    }
    fh = await open(slice.file, "r");
    while (pos <= slice.end) {
      const buf = take();
      const { bytesRead } = await fh.read(buf, 0, Math.min(CHUNK, slice.end - pos + 1), pos);
      const ok = inflight ? await Promise.race([inflight, closed]) : !res.destroyed;
      if (!ok || bytesRead === 0) {
        give(buf);
        if (bytesRead === 0) res.destroy(); // the file is shorter than it was: never a silent short body
        return;
      }
      if (slice.immutable && pos === 0 && !head && bytesRead >= HEAD) keepHead(slice.file, buf.subarray(0, Math.min(HEAD, bytesRead)));
      pos += bytesRead;
      inflight = new Promise<boolean>((resolve) => {
        write(bytesRead === CHUNK ? buf : buf.subarray(0, bytesRead), (err) => {
          if (!err) give(buf);
          resolve(!err);
        });
      });
    }
    if (inflight && !(await Promise.race([inflight, closed]))) return;
    res.end();
  } catch {
    res.destroy();
  } finally {
    res.off("close", onClose);
    await fh?.close().catch(() => undefined);
  }
}
