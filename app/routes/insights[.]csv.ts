import type { LoaderFunctionArgs } from "@remix-run/node";
import { panelCsv } from "~/insights/csv.server";
import { insightsPage } from "~/insights/page.server";
import { PANELS } from "~/insights/schemas";
import { domainCtx } from "~/lib/ctx.server";
import { notFound } from "~/lib/http.server";

// One dashboard panel's table as CSV, for the same filters as the page (formula-safe cells).
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.viewer) notFound();
  const url = new URL(request.url);
  const panel = url.searchParams.get("panel") ?? "";
  const page = await insightsPage(domainCtx(context), url, context.locale);
  const text = (status: number, body: string) => new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" } });
  if (!(PANELS as readonly string[]).includes(panel)) return text(400, "panel: unknown");
  if (!page.ok) return text(400, Object.keys(page.errors).map((k) => `${k}: invalid`).join("\n"));
  const p = page.panels.find((x) => x.id === panel)!;
  return new Response(panelCsv(p), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="insikter-${panel}-${page.filters.from}-${page.filters.to}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
