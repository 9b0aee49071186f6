import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { suggestTags } from "~/forum/tags.server";
import { domainCtx } from "~/lib/ctx.server";

// GET /tags/suggest.json?q=… → { tags, canCreate }: live tags whose name, slug or synonym starts
// with the typed word, for tag entry's autocomplete. Tags are not access-restricted (the tag read
// rule only leaves merged tags out); `canCreate` and the names' language depend on the viewer, so
// the answer is private and not stored (as every signed-in response).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  const result = await suggestTags(domainCtx(context), q);
  return json(result, { headers: { "Cache-Control": "private, no-store" } });
}
