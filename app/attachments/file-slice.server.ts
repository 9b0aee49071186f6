import { createReadStream, type ReadStream } from "node:fs";
import { open } from "node:fs/promises";
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
  constructor(readonly file: string, readonly start: number, readonly end: number) {
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
 */
export async function sendFileSlice(res: ServerResponse, slice: FileSlice): Promise<void> {
  slice.destroy(); // its own stream is not used
  const fh = await open(slice.file, "r");
  let onClose: () => void = () => undefined;
  const closed = new Promise<false>((resolve) => {
    onClose = () => resolve(false);
    if (res.destroyed) resolve(false);
    res.once("close", onClose);
  });
  try {
    let pos = slice.start;
    let inflight: Promise<boolean> | null = null;
    while (pos <= slice.end) {
      const buf = take();
      const { bytesRead } = await fh.read(buf, 0, Math.min(CHUNK, slice.end - pos + 1), pos);
      const ok = inflight ? await Promise.race([inflight, closed]) : !res.destroyed;
      if (!ok || bytesRead === 0) {
        give(buf);
        if (bytesRead === 0) res.destroy(); // the file is shorter than it was: never a silent short body
        return;
      }
      pos += bytesRead;
      inflight = new Promise<boolean>((resolve) => {
        res.write(bytesRead === CHUNK ? buf : buf.subarray(0, bytesRead), (err) => {
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
    await fh.close().catch(() => undefined);
  }
}
