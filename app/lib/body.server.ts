import { json } from "@remix-run/node";
import { formValues, type FormFailure } from "./forms.server";

// Request hygiene for bodies, in one place: every action reads its form through `readBody`.
// It accepts only what a browser's <form> sends (urlencoded or well-formed multipart), bounds
// the size, strips control characters PostgreSQL refuses (NUL) or nobody can type, and drops
// prototype keys. Anything else is salvaged as far as it parses, so the 400 page shows what was
// typed. See docs/decisions/2026-12-02-request-hygiene.md.

/** Largest body read (a full case form in Swedish stays under 1 MiB even percent-encoded). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Past the limit the rest is read and thrown away up to here, so the client gets the answer. */
const DRAIN_BYTES = 16 * 1024 * 1024;

// C0 controls except tab, line feed and carriage return.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Text with NUL and the other C0 control characters (but \t \n \r) removed. */
export const cleanText = (s: string) => s.replace(CONTROL, "");
/** Keys that would reach Object.prototype through a plain object are never form fields. */
export const isUnsafeKey = (k: string) => UNSAFE_KEYS.has(k);

export type BodyRead =
  | { ok: true; form: FormData }
  | { ok: false; status: 400 | 413; form: FormData; failure: FormFailure };

/** The request's form, cleaned; or, for a body that is not a form, a 400/413 with what could be read. */
export async function readBody(request: Request): Promise<BodyRead> {
  const header = request.headers.get("content-type") ?? "";
  const type = header.toLowerCase(); // for matching only: a multipart boundary is case-sensitive
  const bytes = await readBytes(request);
  if (bytes === null) return refuse(413, "form.tooLarge", new FormData());
  const text = new TextDecoder().decode(bytes);
  if (type.startsWith("application/x-www-form-urlencoded")) return { ok: true, form: clean(new URLSearchParams(text)) };
  if (!type && !text.trim()) return { ok: true, form: new FormData() }; // a bodiless POST (a bare button)
  if (type.startsWith("multipart/form-data")) {
    try {
      const parsed = await new Request("http://body.invalid/", { method: "POST", headers: { "content-type": header }, body: bytes }).formData();
      return { ok: true, form: clean(parsed) };
    } catch {
      return refuse(400, "form.unreadable", clean(salvageMultipart(text)));
    }
  }
  return refuse(400, "form.unreadable", clean(salvage(type, text)));
}

/** The 400/413 answer for a body `readBody` refused, with route-specific fields added. */
export function bodyRefused<E extends Record<string, unknown>>(body: Extract<BodyRead, { ok: false }>, extra?: E) {
  return json({ ...body.failure, ...(extra as E) }, { status: body.status });
}

/** Query parameters, cleaned the same way (for loaders that read more than one value). */
export function cleanSearchParams(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of params) if (!isUnsafeKey(k)) out.append(cleanText(k), cleanText(v));
  return out;
}

function refuse(status: 400 | 413, key: string, form: FormData): BodyRead {
  return { ok: false, status, form, failure: { ok: false, errors: { _form: [{ key }] }, values: formValues(form) } };
}

async function readBytes(request: Request): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!request.body) return new Uint8Array();
  const declared = Number(request.headers.get("content-length") ?? "0");
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
    if (done || !value) break;
    size += value.byteLength;
    if (size > DRAIN_BYTES || declared > DRAIN_BYTES) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    if (size <= MAX_BODY_BYTES) chunks.push(value);
  }
  if (size > MAX_BODY_BYTES) return null;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function clean(entries: Iterable<[string, FormDataEntryValue]>): FormData {
  const form = new FormData();
  for (const [k, v] of entries) {
    if (isUnsafeKey(k)) continue;
    if (typeof v === "string") form.append(cleanText(k), cleanText(v));
    else form.append(cleanText(k), v);
  }
  return form;
}

// What a body that is not a form still says about the fields, for redisplay only.
function salvage(type: string, text: string): [string, string][] {
  if (type.includes("json") || /^\s*[{[]/.test(text)) {
    try {
      const data: unknown = JSON.parse(text);
      if (data && typeof data === "object" && !Array.isArray(data)) {
        return Object.entries(data).flatMap(([k, v]) =>
          Array.isArray(v) ? v.filter(isScalar).map((x) => [k, String(x)] as [string, string]) : isScalar(v) ? [[k, String(v)] as [string, string]] : [],
        );
      }
    } catch {
      /* not JSON after all: read it as lines or as a query string */
    }
  }
  // text/plain forms send one `name=value` per line; anything else may be an unlabelled query string.
  if (/\r?\n/.test(text.trim())) {
    return text.split(/\r?\n/).filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]);
  }
  return [...new URLSearchParams(text.trim())];
}

/** The fields of a multipart body that does not parse, as far as they can be read (for redisplay only). */
export function salvageMultipart(text: string): [string, string][] {
  const out: [string, string][] = [];
  const part = /content-disposition:\s*form-data;\s*name="([^"]*)"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)(?=\r?\n--|$)/gi;
  for (const m of text.matchAll(part)) out.push([m[1], m[2]]);
  return out;
}

const isScalar = (v: unknown): v is string | number | boolean => ["string", "number", "boolean"].includes(typeof v);

/** Largest JSON body the API reads (a full case in Swedish stays far below). */
export const MAX_JSON_BYTES = 256 * 1024;

export type JsonRead =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; status: 400 | 413 | 415; reason: "tooLarge" | "notJson" | "malformed" | "notObject" | "unsafeKey" };

/**
 * The API's request body (application/json), under the same hygiene as forms: bounded size,
 * control characters stripped from every string, and prototype keys refused outright (an API
 * client is told, not silently corrected). Only a JSON object is a body.
 */
export async function readJsonBody(request: Request): Promise<JsonRead> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const bytes = await readBytes(request);
  if (bytes === null || bytes.byteLength > MAX_JSON_BYTES) return { ok: false, status: 413, reason: "tooLarge" };
  if (!/^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/.test(type)) return { ok: false, status: 415, reason: "notJson" };
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, status: 400, reason: "malformed" };
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) return { ok: false, status: 400, reason: "notObject" };
  let unsafe = false;
  const cleanValue = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return cleanText(v);
    if (depth > 8) return v;
    if (Array.isArray(v)) return v.map((x) => cleanValue(x, depth + 1));
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (isUnsafeKey(k)) unsafe = true;
        else out[cleanText(k)] = cleanValue(x, depth + 1);
      }
      return out;
    }
    return v;
  };
  const cleaned = cleanValue(data, 0) as Record<string, unknown>;
  return unsafe ? { ok: false, status: 400, reason: "unsafeKey" } : { ok: true, data: cleaned };
}
