import { json, redirect } from "@remix-run/node";
import type { Viewer } from "./viewer";

// Errors → HTTP. Denied reads are answered exactly like missing things.
export function notFound(): never {
  throw json({ message: "notFound" }, { status: 404 });
}
export function forbidden(): never {
  throw json({ message: "forbidden" }, { status: 403 });
}
export function badRequest<T>(data: T) {
  return json(data, { status: 400 });
}
/** Parses the numeric id at the start of an `<id>-<slug>` URL segment, or answers 404. */
export function idFromParam(param: string | undefined): string {
  const m = /^(\d{1,18})(?:-|$)/.exec(param ?? "");
  if (!m) notFound();
  return m[1];
}

/** A redirect to the sign-in page that comes back to `to` (a same-site path) afterwards. */
export const signInRedirect = (to: string) => redirect(`/login?redirectTo=${encodeURIComponent(to)}`);

/** Pages for signed-in people: signed out, go to sign-in and come back to this URL. */
export function requireViewer(request: Request, viewer: Viewer | null): asserts viewer is Viewer {
  if (!viewer) {
    const url = new URL(request.url);
    throw signInRedirect(url.pathname + url.search);
  }
}

/**
 * A read that found nothing. Signed out, the answer is "sign in to see" with the way back (a
 * network-only or organisation-only item might be behind it), the same page whether or not the
 * item exists; signed in, the usual not found.
 */
export function notFoundOrSignIn(request: Request, viewer: Viewer | null): never {
  if (viewer) notFound();
  const url = new URL(request.url);
  throw json({ message: "signIn", returnTo: url.pathname }, { status: 404 });
}
