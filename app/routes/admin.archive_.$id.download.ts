import type { LoaderFunctionArgs } from "@remix-run/node";
import { domainCtx } from "~/lib/ctx.server";
import { notFound } from "~/lib/http.server";
import { downloadArchive } from "~/privacy/archive.server";

// A finished archive zip, streamed from PostgreSQL (network admins; anyone else 404).
export async function loader({ params, context }: LoaderFunctionArgs) {
  const file = await downloadArchive(domainCtx(context), params.id ?? "");
  if (!file) notFound();
  return new Response(file.stream, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Length": String(file.bytes),
      "Content-Disposition": `attachment; filename="allmanning-e-arkiv-${file.createdAt.toISOString().slice(0, 10)}-${params.id}.zip"`,
      "Cache-Control": "private, no-store",
    },
  });
}
