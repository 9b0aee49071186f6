import { redirect } from "@remix-run/node";
import { CONFIRMED_FIELD, confirmHref, type ConfirmKind } from "./types";

/**
 * For a route action: a destructive post that was not confirmed goes to its confirm page (303)
 * instead of acting, so a stale one-click form or a hand-made post never skips the step.
 */
export function unconfirmed(form: FormData, kind: ConfirmKind, params: Record<string, string>): Response | null {
  return form.get(CONFIRMED_FIELD) === "1" ? null : redirect(confirmHref(kind, params), 303);
}
