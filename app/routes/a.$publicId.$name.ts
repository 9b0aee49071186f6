import type { LoaderFunctionArgs } from "@remix-run/node";
import { serveAttachment } from "~/attachments/serve.server";
import { domainCtx } from "~/lib/ctx.server";

// The one download route for attachments (and, with ?w=, an image's sizes): the parent's read
// rule is checked on every request; denied == missing == 404.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return serveAttachment(domainCtx(context), request, params.publicId ?? "");
}
