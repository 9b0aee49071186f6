import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { api, methodNotAllowed } from "~/api/handler.server";
import { getThreadOp } from "~/api/resources.server";

// GET /api/v1/threads/{id}: one thread as its page shows it to this reader; unreadable = 404.
export const loader = ({ request, context, params }: LoaderFunctionArgs) => api(request, context, { scope: "read" }, (c) => getThreadOp(c, params.id ?? ""));
export const action = ({ context }: ActionFunctionArgs) => methodNotAllowed(context, "GET, HEAD");
