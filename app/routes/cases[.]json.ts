import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportCases, toJson } from "~/cases/export.server";
import { domainCtx } from "~/lib/ctx.server";

// Every published case the viewer may read, as JSON with the CSV's column names.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const records = await exportCases(domainCtx(context), new URL(request.url).origin);
  return new Response(JSON.stringify({ cases: toJson(records) }, null, 2), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}
