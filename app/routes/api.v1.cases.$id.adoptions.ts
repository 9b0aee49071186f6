import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { api, methodNotAllowed } from "~/api/handler.server";
import { listAdoptionsOp, recordAdoptionOp } from "~/api/resources.server";

// GET /api/v1/cases/{id}/adoptions: the case's adoptions; POST: record one for your organisation.
export const loader = ({ request, context, params }: LoaderFunctionArgs) => api(request, context, { scope: "read" }, (c) => listAdoptionsOp(c, params.id ?? ""));
export const action = ({ request, context, params }: ActionFunctionArgs) =>
  request.method === "POST" ? api(request, context, { scope: "write", json: true }, (c) => recordAdoptionOp(c, params.id ?? "")) : methodNotAllowed(context, "GET, HEAD, POST");
