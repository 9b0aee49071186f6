import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseRegisterFile, registerExport } from "~/cases/register.server";
import { registerResponse } from "~/cases/register-response.server";
import { domainCtx } from "~/lib/ctx.server";
import { idFromParam } from "~/lib/http.server";

// One case in a register format: /cases/<id>/register/<algoritmeregister|atrs-tier1|atrs-tier2>.<json|csv>. Not exportable → 404.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = idFromParam(params.caseId);
  const f = parseRegisterFile(params.file ?? "");
  if (!f) throw new Response("Not found", { status: 404 });
  const body = await registerExport(domainCtx(context), new URL(request.url).origin, f.format, f.kind, { caseId: id });
  if (body === null) throw new Response("Not found", { status: 404 });
  return registerResponse(body, f, `fallstudie-${id}`);
}
