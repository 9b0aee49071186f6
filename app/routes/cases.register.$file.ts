import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseRegisterFile, registerExport } from "~/cases/register.server";
import { parseListQuery } from "~/cases/schemas";
import { cleanSearchParams } from "~/lib/body.server";
import { domainCtx } from "~/lib/ctx.server";
import { registerResponse } from "~/cases/register-response.server";

// The filtered case list in a register format: /cases/register/<algoritmeregister|atrs-tier1|atrs-tier2>.<json|csv>?<list filters>.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const f = parseRegisterFile(params.file ?? "");
  if (!f) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const body = await registerExport(domainCtx(context), url.origin, f.format, f.kind, { query: parseListQuery(cleanSearchParams(url.searchParams)) });
  return registerResponse(body!, f, "fallstudier");
}
