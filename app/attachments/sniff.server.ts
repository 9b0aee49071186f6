import { open, stat } from "node:fs/promises";
import { fileTypeFromFile } from "file-type";
import { inspectZip, type ZipVerdict } from "./zip-inspect.server";

// Decides what an uploaded file IS from its bytes alone: the name and the browser's claim are
// never asked. Allowed: the documents and images in ALLOWED below; everything else is refused
// with a code the form translates. The reasons for each rule are in
// docs/decisions/2026-12-02-attachment-scanning.md.

export type SniffResult =
  | { ok: true; kind: "document" | "image"; mime: string; ext: string }
  | { ok: false; code: "type_not_allowed" | "macros" | "encrypted" | "polyglot" | "zip_bomb" | "empty"; detail?: string };

type Allowed = { kind: "document" | "image"; mime: string };

/** What file-type may say, mapped to the one MIME type we store and serve. */
const ALLOWED: Record<string, Allowed> = {
  pdf: { kind: "document", mime: "application/pdf" },
  docx: { kind: "document", mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
  xlsx: { kind: "document", mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  pptx: { kind: "document", mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
  odt: { kind: "document", mime: "application/vnd.oasis.opendocument.text" },
  ods: { kind: "document", mime: "application/vnd.oasis.opendocument.spreadsheet" },
  odp: { kind: "document", mime: "application/vnd.oasis.opendocument.presentation" },
  png: { kind: "image", mime: "image/png" },
  jpg: { kind: "image", mime: "image/jpeg" },
  webp: { kind: "image", mime: "image/webp" },
  gif: { kind: "image", mime: "image/gif" },
};

/** Office formats whose very type says "contains macros". */
const MACRO_EXTS = new Set(["docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm", "ppam"]);

const ZIP_EXTS = new Set(["docx", "xlsx", "pptx", "odt", "ods", "odp"]);

/**
 * Markup a browser would act on. Found near the start of a binary file, or anywhere in a PDF,
 * an image or a text file, it makes the file a polyglot (some reader would run it as HTML/JS).
 */
const MARKUP = ["<script", "<html", "<!doctype html", "<iframe", "<svg", "<object", "<embed", "<body", "<meta", "javascript:", "<?xml-stylesheet"];
/** Active content inside a PDF: scripts run by the reader, or actions that start programs. */
const PDF_ACTIVE = ["/javascript", "/js ", "/js(", "/js<", "/js\n", "/js\r", "/js[", "/launch", "/richmedia"];
const PDF_ENCRYPT = "/encrypt";

const CHUNK = 256 * 1024;
const HEAD = 1024;

/** Who may call: the upload path, before anything is stored. Guarantees: reads only the bytes of `path`. */
export async function sniffFile(path: string): Promise<SniffResult> {
  const { size } = await stat(path);
  if (size === 0) return { ok: false, code: "empty" };
  const detected = await fileTypeFromFile(path).catch(() => undefined);
  if (!detected) return sniffText(path);
  const { ext } = detected;
  if (MACRO_EXTS.has(ext)) return { ok: false, code: "macros", detail: ext };
  const allowed = ALLOWED[ext];
  if (!allowed && (ext === "xml" || ext === "html" || ext === "svg")) {
    const head = await open(path, "r").then(async (fh) => {
      try {
        const { buffer, bytesRead } = await fh.read(Buffer.alloc(8192), 0, 8192, 0);
        return buffer.toString("utf8", 0, bytesRead);
      } finally {
        await fh.close();
      }
    });
    return { ok: false, code: "type_not_allowed", detail: isMarkupDocument(head) ?? ext };
  }
  if (!allowed) return { ok: false, code: "type_not_allowed", detail: ext };

  if (ZIP_EXTS.has(ext)) {
    const head = await scanBytes(path, MARKUP, { limit: HEAD });
    if (head.length) return { ok: false, code: "polyglot", detail: head[0] };
    const verdict: ZipVerdict = await inspectZip(path, size);
    if (!verdict.ok) return { ok: false, code: verdict.code, detail: verdict.detail };
    return { ok: true, kind: allowed.kind, mime: allowed.mime, ext };
  }

  if (ext === "pdf") {
    const found = await scanBytes(path, [...MARKUP, ...PDF_ACTIVE, PDF_ENCRYPT]);
    if (found.includes(PDF_ENCRYPT)) return { ok: false, code: "encrypted" };
    const bad = found.find((m) => m !== PDF_ENCRYPT);
    if (bad) return { ok: false, code: "polyglot", detail: bad.trim() };
    return { ok: true, kind: "document", mime: allowed.mime, ext };
  }

  // Images: the pixels are re-encoded before anyone sees them, but the original bytes must not
  // be something a browser would render as a page either.
  const found = await scanBytes(path, MARKUP);
  if (found.length) return { ok: false, code: "polyglot", detail: found[0] };
  return { ok: true, kind: "image", mime: allowed.mime, ext };
}

/**
 * The markers from `needles` (lower case, ASCII) that occur in the file, case-insensitively.
 * Streams in 256 KB chunks with an overlap, so memory stays bounded whatever the size.
 */
export async function scanBytes(path: string, needles: string[], opts: { limit?: number } = {}): Promise<string[]> {
  const found = new Set<string>();
  const overlap = Math.max(...needles.map((n) => n.length)) - 1;
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(CHUNK + overlap);
    let carry = 0;
    let pos = 0;
    const limit = opts.limit ?? Number.POSITIVE_INFINITY;
    while (pos < limit) {
      const want = Math.min(CHUNK, limit - pos);
      const { bytesRead } = await fh.read(buf, carry, want, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      const text = buf.toString("latin1", 0, carry + bytesRead).toLowerCase();
      for (const n of needles) if (!found.has(n) && text.includes(n)) found.add(n);
      if (found.size === needles.length) break;
      const filled = carry + bytesRead;
      carry = Math.min(overlap, filled);
      buf.copyWithin(0, filled - carry, filled);
    }
  } finally {
    await fh.close();
  }
  return needles.filter((n) => found.has(n));
}

/** A file with no recognised binary signature: allowed only as strict UTF-8 text without markup. */
async function sniffText(path: string): Promise<SniffResult> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const fh = await open(path, "r");
  let start = "";
  let tail = "";
  try {
    const buf = Buffer.alloc(CHUNK);
    let pos = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      let text: string;
      try {
        text = decoder.decode(buf.subarray(0, bytesRead), { stream: true });
      } catch {
        return { ok: false, code: "type_not_allowed", detail: "not_utf8" };
      }
      const bad = badControl(text);
      if (bad) return { ok: false, code: "type_not_allowed", detail: bad };
      if (start.length < 8192) start += text.slice(0, 8192 - start.length);
      const joined = (tail + text).toLowerCase();
      const marker = MARKUP.find((m) => joined.includes(m));
      if (marker) {
        const markup = isMarkupDocument(start);
        return markup ? { ok: false, code: "type_not_allowed", detail: markup } : { ok: false, code: "polyglot", detail: marker };
      }
      tail = joined.slice(-20);
    }
    try {
      decoder.decode();
    } catch {
      return { ok: false, code: "type_not_allowed", detail: "not_utf8" };
    }
  } finally {
    await fh.close();
  }
  const markup = isMarkupDocument(start);
  if (markup) return { ok: false, code: "type_not_allowed", detail: markup };
  return { ok: true, kind: "document", ...textFlavour(start.split("\n").slice(0, 20)) };
}

/** NUL and the C0 controls other than tab, line feed, form feed and carriage return; DEL. */
function badControl(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return "nul";
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) return "control";
  }
  return null;
}

/** XML, SVG or HTML announced at the start: a markup document, never plain text. */
function isMarkupDocument(start: string): string | null {
  const s = start.replace(/^\uFEFF/, "").trimStart().toLowerCase();
  if (s.startsWith("<svg") || /^<\?xml[^>]*>\s*(<!--.*?-->\s*)*(<!doctype svg|<svg)/s.test(s)) return "svg";
  if (s.startsWith("<!doctype html") || s.startsWith("<html") || s.startsWith("<head") || s.startsWith("<body")) return "html";
  if (s.startsWith("<?xml")) return "xml";
  return null;
}

/** Tells Markdown and CSV from plain text by their first lines. */
function textFlavour(lines: string[]): { mime: string; ext: string } {
  const sample = lines.map((l) => l.replace(/\r$/, "")).filter((l) => l.length > 0);
  const markdown = sample.some((l) => /^(#{1,6} |```|> |[-*+] |\d+\. )/.test(l) || /\[[^\]]+\]\([^)]+\)/.test(l));
  if (markdown) return { mime: "text/markdown", ext: "md" };
  for (const sep of [";", ",", "\t"]) {
    if (sample.length < 2) break;
    const counts = sample.slice(0, 10).map((l) => l.split(sep).length - 1);
    if (counts[0] > 0 && counts.every((c) => c === counts[0])) return { mime: "text/csv", ext: "csv" };
  }
  return { mime: "text/plain", ext: "txt" };
}
