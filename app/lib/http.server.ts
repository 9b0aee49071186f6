import { json } from "@remix-run/node";

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
