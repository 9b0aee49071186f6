import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { domainCtx } from "~/lib/ctx.server";
import { similarForViewer } from "~/search/similar.server";

// GET /search/similar?q=…[&exclude=thread:12][&typ=case] → { similar: SimilarItem[] }: up to five threads and
// cases like the title being typed that the viewer may read, solved first. Used while asking.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 200);
  const exclude = /^(thread|case):\d{1,18}$/.test(url.searchParams.get("exclude") ?? "") ? url.searchParams.get("exclude")! : undefined;
  const similar = await similarForViewer(domainCtx(context), q, { exclude, casesOnly: url.searchParams.get("typ") === "case" });
  return json({ similar }, { headers: { "Cache-Control": "private, max-age=30", Vary: "Cookie" } });
}
