import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { domainCtx } from "~/lib/ctx.server";
import { suggestMentions } from "~/notifications/mentions.server";

// @mention autocomplete: people whose handle or name starts with ?q= (members only; others get none);
// ?thread= flags those who cannot read that thread.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const thread = params.get("thread");
  const people = await suggestMentions(domainCtx(context), params.get("q") ?? "", thread && /^\d{1,18}$/.test(thread) ? thread : null);
  return json({ people }, { headers: { "Cache-Control": "private, no-store" } });
}
