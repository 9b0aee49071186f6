import { openApiDocument } from "~/api/openapi.server";
import { etagOf, matches } from "~/api/etag.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

// GET /api/v1/openapi.json: the OpenAPI 3.1 document generated from the API's zod schemas.
export function loader({ request }: LoaderFunctionArgs) {
  const text = JSON.stringify(openApiDocument());
  const etag = etagOf(text);
  const headers = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300", ETag: etag };
  if (matches(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(text, { headers });
}
