import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { api, methodNotAllowed } from "~/api/handler.server";
import { createThreadOp, listThreadsOp } from "~/api/resources.server";

// GET /api/v1/threads: threads the token's person may read (the thread list's rule); POST: start one.
export const loader = ({ request, context }: LoaderFunctionArgs) => api(request, context, { scope: "read" }, listThreadsOp);
export const action = ({ request, context }: ActionFunctionArgs) =>
  request.method === "POST" ? api(request, context, { scope: "write", json: true }, createThreadOp) : methodNotAllowed(context, "GET, HEAD, POST");
