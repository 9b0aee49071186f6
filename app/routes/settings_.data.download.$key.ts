import type { LoaderFunctionArgs } from "@remix-run/node";
import { domainCtx } from "~/lib/ctx.server";
import { notFound, requireViewer } from "~/lib/http.server";
import { downloadMyExport } from "~/privacy/personal-export.server";

// The zip of a person's own data, once: by the mailed token or the export's id on /settings/data,
// always for the signed-in owner. Used, expired, somebody else's or unknown: 404.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireViewer(request, context.viewer);
  const file = await downloadMyExport(domainCtx(context), params.key ?? "");
  if (!file) notFound();
  return new Response(file.stream, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Length": String(file.bytes),
      "Content-Disposition": 'attachment; filename="allmanning-mina-uppgifter.zip"',
      "Cache-Control": "private, no-store",
    },
  });
}
