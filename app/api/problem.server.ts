import { i18nFor } from "../lib/i18n/i18n";
import type { Locale } from "../lib/i18n/resources";
import type { FieldErrors } from "../lib/forms.server";

// RFC 9457 problem details: every API error has this one shape, as application/problem+json.
// `type` is a relative URI into the docs page, where each kind is described; `title` is the
// same for every occurrence of a kind, `detail` says what happened this time. Field errors are
// listed in `errors` (field, code = the catalogue key, detail = the translated message).

export const PROBLEM_TYPES = [
  "bad-request", "invalid-json", "unsupported-media-type", "payload-too-large", "validation-failed", "unknown-field",
  "unauthorized", "invalid-token", "insufficient-scope", "not-found", "method-not-allowed", "rate-limited",
  "invalid-idempotency-key", "server-error",
] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

const STATUS: Record<ProblemType, number> = {
  "bad-request": 400, "invalid-json": 400, "unsupported-media-type": 415, "payload-too-large": 413, "validation-failed": 400,
  "unknown-field": 400, unauthorized: 401, "invalid-token": 401, "insufficient-scope": 403, "not-found": 404,
  "method-not-allowed": 405, "rate-limited": 429, "invalid-idempotency-key": 400, "server-error": 500,
};

export type ProblemFieldError = { field: string; code: string; detail: string };
export type Problem = { type: string; title: string; status: number; detail: string; errors?: ProblemFieldError[] };

export const problemTypeUri = (t: ProblemType) => `/api/v1/docs#problem-${t}`;

export function problemBody(locale: Locale, type: ProblemType, detailKey?: string, params?: Record<string, unknown>, errors?: ProblemFieldError[]): Problem {
  const t = i18nFor(locale).t;
  return {
    type: problemTypeUri(type),
    title: String(t(`api:problem.${type}.title`)),
    status: STATUS[type],
    detail: String(t(detailKey ?? `api:problem.${type}.detail`, params ?? {})),
    ...(errors?.length ? { errors } : {}),
  };
}

export function problem(locale: Locale, type: ProblemType, o: { detailKey?: string; params?: Record<string, unknown>; errors?: ProblemFieldError[]; headers?: Record<string, string> } = {}): Response {
  const body = problemBody(locale, type, o.detailKey, o.params, o.errors);
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { "Content-Type": "application/problem+json; charset=utf-8", "Cache-Control": "no-store", "Content-Language": locale, ...o.headers },
  });
}

/** Domain field errors (catalogue keys) → the problem's errors[], translated; `rename` maps form field names to API names. */
export function fieldErrors(locale: Locale, errors: FieldErrors, rename: Record<string, string> = {}): ProblemFieldError[] {
  const t = i18nFor(locale).t;
  return Object.entries(errors).flatMap(([field, list]) =>
    list.map((e) => ({ field: rename[field] ?? field, code: e.key, detail: String(t(e.key, e.params ?? {})) })),
  );
}

/** A domain write refused with field errors: a 400 validation problem. */
export const validationProblem = (locale: Locale, errors: FieldErrors, rename?: Record<string, string>) =>
  problem(locale, "validation-failed", { errors: fieldErrors(locale, errors, rename) });
