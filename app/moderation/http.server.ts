import { json } from "@remix-run/node";
import { formValues } from "../lib/forms.server";
import type { ModError } from "./types";

// Maps domain refusals to HTTP: a clear message, never a 500.
const STATUS: Record<ModError, number> = { notFound: 404, forbidden: 403, duplicate: 409, invalid: 400, notApplicable: 409 };

export function refusal(error: ModError, form: FormData, key = `moderation:errors.${error}`) {
  return json(
    { ok: false as const, error, errors: { _form: [{ key }] } as Record<string, { key: string; params?: Record<string, unknown> }[]>, values: formValues(form) },
    { status: STATUS[error] },
  );
}

/** Adds the success notice for one item to a same-site path (before any #fragment). */
export function withNotice(to: string, notice: string, target: string): string {
  const [path, hash] = to.split("#", 2);
  const sep = path.includes("?") ? "&" : "?";
  return `${path}${sep}mod=${encodeURIComponent(notice)}&modTarget=${encodeURIComponent(target)}${hash ? `#${hash}` : ""}`;
}
