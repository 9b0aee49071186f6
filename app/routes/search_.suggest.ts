import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { domainCtx } from "~/lib/ctx.server";
import { suggestForViewer } from "~/search/search.server";

// GET /search/suggest?q=… → { suggestions: string[] }: the typed text with its last word completed,
// from documents the viewer may read. Used by the search page's box while typing.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  const words = await suggestForViewer(domainCtx(context), q);
  const head = q.replace(/[\p{L}\p{N}]+$/u, "");
  return json({ suggestions: words.map((w) => `${head}${w}`) }, { headers: { "Cache-Control": "private, max-age=30", Vary: "Cookie" } });
}
