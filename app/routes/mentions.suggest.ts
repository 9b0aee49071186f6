import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { domainCtx } from "~/lib/ctx.server";
import { suggestMentions } from "~/notifications/mentions.server";

// @mention autocomplete: people whose handle or name starts with ?q= (members only; others get none).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const people = await suggestMentions(domainCtx(context), q);
  return json({ people }, { headers: { "Cache-Control": "private, no-store" } });
}
