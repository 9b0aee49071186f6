import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportCases, toCsv } from "~/cases/export.server";
import { domainCtx } from "~/lib/ctx.server";

// Every published case the viewer may read, for spreadsheets (UTF-8 with BOM).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const records = await exportCases(domainCtx(context), new URL(request.url).origin);
  return new Response(toCsv(records), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="fallstudier.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
