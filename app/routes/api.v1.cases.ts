import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { api, methodNotAllowed } from "~/api/handler.server";
import { createCaseOp, listCasesOp } from "~/api/resources.server";

// GET /api/v1/cases: published cases this reader may read (the case list's rule); POST: a new case.
export const loader = ({ request, context }: LoaderFunctionArgs) => api(request, context, { scope: "read" }, listCasesOp);
export const action = ({ request, context }: ActionFunctionArgs) =>
  request.method === "POST" ? api(request, context, { scope: "write", json: true }, createCaseOp) : methodNotAllowed(context, "GET, HEAD, POST");
