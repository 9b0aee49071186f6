import type { z } from "zod";

/** A field error as an i18n key (+ params), translated next to the field by <Field>. */
export type FieldError = { key: string; params?: Record<string, unknown> };
export type FieldErrors = Record<string, FieldError[]>;
export type FormFailure = { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

// Maps zod issues to catalogue keys; a schema may also put a catalogue key in `message`.
function toError(issue: z.ZodIssue): FieldError {
  if (issue.message && /^[a-z]+[:.][\w.:]+$/i.test(issue.message) && !issue.message.includes(" ")) {
    return { key: issue.message };
  }
  switch (issue.code) {
    case "too_small":
      return issue.minimum === 1 ? { key: "form.required" } : { key: "form.tooShort", params: { min: Number(issue.minimum) } };
    case "too_big":
      return { key: "form.tooLong", params: { max: Number(issue.maximum) } };
    case "invalid_string":
      return issue.validation === "email" ? { key: "form.invalidEmail" } : { key: "form.invalid" };
    case "invalid_type":
      return issue.received === "undefined" || issue.received === "null" ? { key: "form.required" } : { key: "form.invalid" };
    default:
      return { key: "form.invalid" };
  }
}

/** Form values as strings (repeated fields as arrays), for redisplay; passwords never echoed. */
// Both build null-prototype objects: a key such as `__proto__` stays an ordinary key.
export function formValues(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const key of new Set(form.keys())) {
    if (/password/i.test(key)) continue;
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = all.length > 1 ? all : (all[0] ?? "");
  }
  return out;
}

/** Parses a form with a zod schema; on failure returns translated-key errors and the input. */
export function parseForm<S extends z.ZodTypeAny>(
  schema: S,
  form: FormData,
  arrays: string[] = [],
): { ok: true; data: z.infer<S> } | FormFailure {
  const raw: Record<string, unknown> = Object.create(null);
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = arrays.includes(key) ? all : all[0];
  }
  for (const key of arrays) raw[key] ??= [];
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = Object.create(null);
  for (const issue of result.error.issues) {
    const path = issue.path.length ? String(issue.path[0]) : "_form";
    (errors[path] ??= []).push(toError(issue));
  }
  return { ok: false, errors, values: formValues(form) };
}

export const formError = (field: string, key: string, params?: Record<string, unknown>): FieldErrors => ({
  [field]: [{ key, params }],
});
