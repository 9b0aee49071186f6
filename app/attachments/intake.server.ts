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
      salvageFrom(source).then((fields) => {
        for (const [k, v] of fields) if (!isUnsafeKey(k)) form.append(cleanText(k), cleanText(v));
        finish({ ok: false, reason: "unreadable", fileName: null });
      });
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
    source.pipe(bb);
  });
  if (!result.ok) {
    await Promise.race([Promise.all(writes), new Promise((r) => setTimeout(r, 1000))]);
    return { ok: false, reason: result.reason, form, fileName: result.fileName, cleanup };
  }
  await Promise.all(writes);
  return { ok: true, form, files: files.filter((f) => f.hash), cleanup };
}

/** The fields a multipart text without a usable boundary still shows (read up to the form limit). */
async function salvageFrom(source: Readable): Promise<[string, string][]> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += b.length;
      if (size > MAX_BODY_BYTES) break;
      chunks.push(b);
    }
  } catch {
    /* a broken stream: salvage what came */
  }
  return salvageMultipart(Buffer.concat(chunks).toString("utf8"));
}
