import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as WebStream } from "node:stream/web";
import busboy from "busboy";
import { cleanText, isUnsafeKey, MAX_BODY_BYTES, salvageMultipart } from "../lib/body.server";
import { maxFileBytes, type AttachmentLimits } from "./limits.server";

// Reading a multipart body that carries files, without ever holding a file in memory: busboy
// parses the stream, text fields are collected (cleaned like readBody does, bounded in size),
// each file goes to a temp file while it is hashed and counted. A file over the largest allowed
// size stops the whole read at once: the request stream is cancelled, so a 200 MB upload costs
// what was read until the limit, no more (tests/integration/attachments-upload.test.ts measures
// the process). The caller sniffs and stores the temp files, then calls `cleanup`.

export type IncomingFile = { field: string; rawName: string; path: string; size: number; hash: string };

export type Intake =
  | { ok: true; form: FormData; files: IncomingFile[]; cleanup: () => Promise<void> }
  | { ok: false; reason: "too_large" | "too_many" | "unreadable"; form: FormData; fileName: string | null; cleanup: () => Promise<void> };

const MAX_FIELDS = 500;

export const isMultipart = (request: Request) => (request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");

/** Parses a multipart request: text fields into a FormData, files into temp files with their hash. */
export async function readMultipartWithFiles(request: Request, limits: AttachmentLimits): Promise<Intake> {
  const dir = await mkdtemp(path.join(tmpdir(), "allm-upload-"));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const form = new FormData();
  const files: IncomingFile[] = [];
  const writes: Promise<void>[] = [];
  const source = request.body ? Readable.fromWeb(request.body as unknown as WebStream) : Readable.from([]);
  let fieldBytes = 0;
  const head = new Head();

  const result = await new Promise<{ ok: true } | { ok: false; reason: "too_large" | "too_many" | "unreadable"; fileName: string | null }>((resolve) => {
    let settled = false;
    const finish = (r: { ok: true } | { ok: false; reason: "too_large" | "too_many" | "unreadable"; fileName: string | null }) => {
      if (settled) return;
      settled = true;
      if (!r.ok) {
        source.unpipe();
        source.destroy(); // stop reading the rest of the upload
      }
      resolve(r);
    };
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: Object.fromEntries(request.headers),
        limits: { fileSize: maxFileBytes(limits), files: limits.maxFiles, fields: MAX_FIELDS, fieldSize: MAX_BODY_BYTES, parts: MAX_FIELDS + limits.maxFiles },
        defParamCharset: "utf8",
      });
    } catch {
      // No boundary (or none busboy accepts): nothing parses as parts, but the fields typed are
      // still read from the text, so the 400 page shows them again.
      drain(source, head).then(() => finish({ ok: false, reason: "unreadable", fileName: null }));
      return;
    }
    bb.on("field", (name, value) => {
      if (isUnsafeKey(name)) return;
      fieldBytes += value.length;
      if (fieldBytes > MAX_BODY_BYTES) return finish({ ok: false, reason: "too_large", fileName: null });
      form.append(cleanText(name), cleanText(value));
    });
    bb.on("file", (field, stream, info) => {
      if (!info.filename) {
        stream.resume(); // an empty file input sends a part with no name and no bytes
        return;
      }
      // Fields before a file are parsed by now: the salvage copy is no longer needed, and the
      // file's bytes must not be copied into memory.
      head.close();
      const file: IncomingFile = { field: cleanText(field), rawName: info.filename, path: path.join(dir, randomBytes(8).toString("hex")), size: 0, hash: "" };
      const h = createHash("sha256");
      const out = createWriteStream(file.path);
      stream.on("data", (d: Buffer) => {
        h.update(d);
        file.size += d.length;
      });
      stream.on("limit", () => finish({ ok: false, reason: "too_large", fileName: info.filename ?? null }));
      writes.push(
        new Promise<void>((res) => {
          out.on("close", () => res());
          out.on("error", () => res());
          stream.on("end", () => {
            file.hash = h.digest("hex");
          });
        }),
      );
      stream.pipe(out);
      files.push(file);
    });
    bb.on("filesLimit", () => finish({ ok: false, reason: "too_many", fileName: null }));
    bb.on("error", () => finish({ ok: false, reason: "unreadable", fileName: null }));
    bb.on("close", () => finish({ ok: true }));
    source.on("error", () => finish({ ok: false, reason: "unreadable", fileName: null }));
    source.on("data", (d: Buffer) => head.add(d));
    source.pipe(bb);
  });
  if (!result.ok) {
    await Promise.race([Promise.all(writes), new Promise((r) => setTimeout(r, 1000))]);
    // A broken body (cut off, a boundary that never comes): the fields typed are read from the
    // text that came, so the 400 page shows them again. Fields busboy already parsed stay.
    if (result.reason === "unreadable") {
      const have = new Set(form.keys());
      for (const [k, v] of salvageMultipart(head.text())) if (!isUnsafeKey(k) && !have.has(cleanText(k))) form.append(cleanText(k), cleanText(v));
    }
    return { ok: false, reason: result.reason, form, fileName: result.fileName, cleanup };
  }
  await Promise.all(writes);
  return { ok: true, form, files: files.filter((f) => f.hash), cleanup };
}

/** The first MAX_BODY_BYTES of a request body, kept so the fields of a broken one can be salvaged. */
class Head {
  private chunks: Buffer[] = [];
  private size = 0;
  private closed = false;
  add(chunk: Buffer | Uint8Array) {
    if (this.closed || this.size >= MAX_BODY_BYTES) return;
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    // A copy, not a view: a view would keep the whole network chunk alive.
    this.chunks.push(Buffer.from(b.subarray(0, MAX_BODY_BYTES - this.size)));
    this.size += b.length;
  }
  /** Stops keeping: what was kept stays for the salvage. */
  close() {
    this.closed = true;
  }
  get full() {
    return this.size >= MAX_BODY_BYTES;
  }
  text() {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

/** Reads a body nobody parses, up to the form limit, into `head` (a broken stream ends it). */
async function drain(source: Readable, head: Head): Promise<void> {
  try {
    for await (const chunk of source) {
      head.add(chunk as Buffer);
      if (head.full) break;
    }
  } catch {
    /* a broken stream: salvage what came */
  }
}
