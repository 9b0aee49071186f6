import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { domainCtx } from "~/lib/ctx.server";
import { suggestForViewer } from "~/search/search.server";
import { suggestTitles } from "~/search/title-suggest.server";

// GET /search/suggest?q=… → { suggestions: string[], titles: TitleSuggestion[] }: the typed text
// with its last word completed, and matching thread and case titles, all from what the viewer
// may read. Used by the header's combobox and the search page's box while typing.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  const ctx = domainCtx(context);
  const [words, titles] = await Promise.all([suggestForViewer(ctx, q), suggestTitles(ctx, q)]);
  const head = q.replace(/[\p{L}\p{N}]+$/u, "");
  return json({ suggestions: words.map((w) => `${head}${w}`), titles }, { headers: { "Cache-Control": "private, max-age=30", Vary: "Cookie" } });
}
