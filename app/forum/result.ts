import type { FieldErrors } from "../lib/forms.server";
import type { z } from "zod";

/** What a forum write answers: success with data, or field errors (i18n keys) the form shows. */
export type Result<T extends object = object> = ({ ok: true } & T) | { ok: false; errors: FieldErrors };

export const fail = (field: string, key: string, params?: Record<string, unknown>): { ok: false; errors: FieldErrors } => ({
  ok: false,
  errors: { [field]: [{ key, params }] },
});

/** Re-checks input in the domain (routes parse too), mapping zod issues to field errors. */
export function check<S extends z.ZodTypeAny>(schema: S, input: unknown): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors } {
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, data: r.data };
  const errors: FieldErrors = {};
  for (const issue of r.error.issues) {
    const path = issue.path.length ? String(issue.path[0]) : "_form";
    const msg = issue.message;
    const key = /^[a-z]+[:.][\w.:]+$/i.test(msg) ? msg
      : issue.code === "too_small" ? "form.tooShort"
      : issue.code === "too_big" ? "form.tooLong"
      : issue.code === "invalid_type" ? "form.required" : "form.invalid";
    const params = issue.code === "too_small" ? { min: Number(issue.minimum) } : issue.code === "too_big" ? { max: Number(issue.maximum) } : undefined;
    (errors[path] ??= []).push({ key, params });
  }
  return { ok: false, errors };
}

/** The i18n keys of the mention warning step (the form offers "post anyway" when it sees them). */
export const MENTION_WARNING_KEYS = ["notifications:mention.cannotRead", "notifications:mention.tooLarge"] as const;

/** A write held back before posting: mentioned people will not see it, or groups are too large. */
export function mentionFailure(w: { cannotRead: string[]; tooLarge: string[] }): { ok: false; errors: FieldErrors } {
  const body = [
    ...(w.cannotRead.length ? [{ key: MENTION_WARNING_KEYS[0], params: { names: w.cannotRead.join(", "), count: w.cannotRead.length } }] : []),
    ...(w.tooLarge.length ? [{ key: MENTION_WARNING_KEYS[1], params: { names: w.tooLarge.join(", "), count: w.tooLarge.length, max: 50 } }] : []),
  ];
  return { ok: false, errors: { body } };
}

/** Whether field errors are only the mention warning (so the form shows the confirm step). */
export const isMentionWarning = (errors: FieldErrors | null | undefined): boolean =>
  Boolean(errors?.body?.length) && Object.keys(errors!).length === 1 && errors!.body!.every((e) => (MENTION_WARNING_KEYS as readonly string[]).includes(e.key));
