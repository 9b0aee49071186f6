import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import yauzl, { type Entry, type ZipFile } from "yauzl";

// The checks an OOXML/ODF container must pass before it is accepted: no macros, no encrypted
// parts, and no zip bomb. The central directory is read first (cheap, and enough to refuse the
// obvious bombs); then every entry is inflated once with a byte budget, because a central
// directory can lie and yauzl refuses an entry that inflates past its declared size.

export type ZipVerdict = { ok: true } | { ok: false; code: "macros" | "encrypted" | "zip_bomb" | "type_not_allowed"; detail: string };

export const ZIP_LIMITS = {
  /** More entries than any real document has; bombs use many tiny entries. */
  maxEntries: 5000,
  /** Sum of the uncompressed sizes (declared, and then actually inflated). */
  maxTotalBytes: 256 * 1024 * 1024,
  /** Uncompressed ÷ compressed for one entry larger than `ratioFloorBytes`; XML rarely passes 50. */
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  /** The bytes read of [Content_Types].xml / manifest.xml. */
  maxManifestBytes: 1024 * 1024,
};

const MACRO_NAMES = [/(^|\/)vbaproject\.bin$/i, /(^|\/)vbadata\.xml$/i, /^basic\//i, /^scripts\//i, /(^|\/)vbaprojectsignature\.bin$/i];
const MACRO_CONTENT_TYPES = ["macroenabled", "vbaproject", "ms-office.vbaproject", "application/vnd.ms-office.activex"];

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, zip) => (err || !zip ? reject(err) : resolve(zip))),
  );
}

function nextEntries(zip: ZipFile): AsyncGenerator<Entry> {
  return (async function* () {
    for (;;) {
      const entry = await new Promise<Entry | null>((resolve, reject) => {
        const onEntry = (e: Entry) => done(e);
        const onEnd = () => done(null);
        const onError = (e: Error) => {
          cleanup();
          reject(e);
        };
        const cleanup = () => {
          zip.off("entry", onEntry);
          zip.off("end", onEnd);
          zip.off("error", onError);
        };
        const done = (v: Entry | null) => {
          cleanup();
          resolve(v);
        };
        zip.on("entry", onEntry);
        zip.on("end", onEnd);
        zip.on("error", onError);
        zip.readEntry();
      });
      if (!entry) return;
      yield entry;
    }
  })();
}

/** Inflates one entry, counting bytes; keeps at most `keep` bytes of it; fails past `budget`. */
export async function inflateEntry(zip: ZipFile, entry: Entry, budget: number, keep = 0): Promise<{ bytes: number; kept: Buffer }> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err || !s ? reject(err) : resolve(s))),
  );
  let bytes = 0;
  const parts: Buffer[] = [];
  let keptLen = 0;
  await pipeline(
    stream,
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        if (bytes > budget) return cb(new BudgetError());
        if (keptLen < keep) {
          const part = chunk.subarray(0, keep - keptLen);
          parts.push(part);
          keptLen += part.length;
        }
        cb();
      },
    }),
  );
  return { bytes, kept: Buffer.concat(parts) };
}

export class BudgetError extends Error {
  constructor() {
    super("inflate budget exceeded");
  }
}

/** Reads the central directory and inflates each entry once, within ZIP_LIMITS. */
export async function inspectZip(path: string, fileSize: number): Promise<ZipVerdict> {
  let zip: ZipFile;
  try {
    zip = await openZip(path);
  } catch {
    return { ok: false, code: "type_not_allowed", detail: "zip_corrupt" };
  }
  try {
    if (zip.entryCount > ZIP_LIMITS.maxEntries) return { ok: false, code: "zip_bomb", detail: "entries" };
    const entries: Entry[] = [];
    let declared = 0;
    let compressed = 0;
    for await (const entry of nextEntries(zip)) {
      entries.push(entry);
      declared += entry.uncompressedSize;
      compressed += entry.compressedSize;
      if (entry.isEncrypted()) return { ok: false, code: "encrypted", detail: entry.fileName };
      if (MACRO_NAMES.some((re) => re.test(entry.fileName))) return { ok: false, code: "macros", detail: entry.fileName };
      const big = entry.uncompressedSize > ZIP_LIMITS.ratioFloorBytes;
      if (big && entry.uncompressedSize / Math.max(1, entry.compressedSize) > ZIP_LIMITS.maxRatio) return { ok: false, code: "zip_bomb", detail: "ratio" };
      if (declared > ZIP_LIMITS.maxTotalBytes) return { ok: false, code: "zip_bomb", detail: "size" };
    }
    // Entries that share their compressed bytes (an "overlapping" bomb) claim more than the file holds.
    if (compressed > fileSize) return { ok: false, code: "zip_bomb", detail: "overlap" };
    return await inflateAll(path, entries.length);
  } catch (e) {
    if (e instanceof BudgetError) return { ok: false, code: "zip_bomb", detail: "size" };
    // yauzl refuses an entry that inflates past the size its directory declared: a lying bomb.
    if (/too many bytes/i.test((e as Error)?.message ?? "")) return { ok: false, code: "zip_bomb", detail: "declared_size" };
    return { ok: false, code: "type_not_allowed", detail: "zip_corrupt" };
  } finally {
    zip.close();
  }
}

async function inflateAll(path: string, count: number): Promise<ZipVerdict> {
  const zip = await openZip(path);
  try {
    let budget = ZIP_LIMITS.maxTotalBytes;
    let seen = 0;
    for await (const entry of nextEntries(zip)) {
      if (++seen > count) return { ok: false, code: "zip_bomb", detail: "entries" };
      if (entry.fileName.endsWith("/")) continue;
      const manifest = /^(\[content_types\]\.xml|meta-inf\/manifest\.xml)$/i.test(entry.fileName);
      const { bytes, kept } = await inflateEntry(zip, entry, budget, manifest ? ZIP_LIMITS.maxManifestBytes : 0);
      budget -= bytes;
      if (manifest) {
        const text = kept.toString("utf8").toLowerCase();
        const hit = MACRO_CONTENT_TYPES.find((m) => text.includes(m));
        if (hit) return { ok: false, code: "macros", detail: hit };
        if (/manifest:full-path="(basic|scripts)\//.test(text)) return { ok: false, code: "macros", detail: "odf_scripts" };
      }
    }
    return { ok: true };
  } finally {
    zip.close();
  }
}
