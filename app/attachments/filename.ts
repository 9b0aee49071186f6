// Makes an uploaded file's name safe to store, show and send back in Content-Disposition.
// Refused (not silently repaired) when it tries to be something else: a path, a hidden control
// character, a text-direction trick that makes "exe.pdf" look like "fdp.exe", a device name.
// Over-long names are shortened, keeping the extension, because that is an honest accident.

export type SafeFilename = { ok: true; name: string } | { ok: false; code: "filename_invalid" };

export const MAX_FILENAME_LENGTH = 200;

/** Bidirectional overrides, embeddings and isolates, plus invisible marks that reorder or hide text. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/** C0 and C1 controls (NUL included) and DEL. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
/** Windows device names, with or without an extension; ".", ".." alone. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Characters no file system or header should see in a name. */
const FORBIDDEN = /[/\\:*?"<>|]/;

/** Who may call: anyone handling an uploaded name. Guarantees: an NFC name of 1–200 characters, or a refusal. */
export function safeFilename(raw: string): SafeFilename {
  if (typeof raw !== "string") return { ok: false, code: "filename_invalid" };
  const name = raw.normalize("NFC").trim();
  if (name.length === 0 || name === "." || name === "..") return { ok: false, code: "filename_invalid" };
  if (CONTROL.test(name) || BIDI.test(name) || FORBIDDEN.test(name)) return { ok: false, code: "filename_invalid" };
  if (/^[. ]|[. ]$/.test(name) || RESERVED.test(name)) return { ok: false, code: "filename_invalid" };
  if (/^[\uFEFF\u200B-\u200D\u2060]|[\uFEFF\u200B-\u200D\u2060]$/.test(name)) return { ok: false, code: "filename_invalid" };
  return { ok: true, name: shorten(name) };
}

/** Shortens to MAX_FILENAME_LENGTH code points, keeping a short extension and never splitting a pair. */
function shorten(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= MAX_FILENAME_LENGTH) return name;
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 ? Array.from(name.slice(dot)) : [];
  const keepExt = ext.length > 1 && ext.length <= 16 ? ext : [];
  const stem = Array.from(keepExt.length ? name.slice(0, dot) : name);
  return (stem.slice(0, MAX_FILENAME_LENGTH - keepExt.length).join("").trimEnd() + keepExt.join("")).normalize("NFC");
}
