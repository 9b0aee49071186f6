import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { api, methodNotAllowed } from "~/api/handler.server";
import { listPostsOp, replyOp } from "~/api/resources.server";

// GET /api/v1/threads/{id}/posts: the replies this reader sees on the page, by number; POST: reply.
export const loader = ({ request, context, params }: LoaderFunctionArgs) => api(request, context, { scope: "read" }, (c) => listPostsOp(c, params.id ?? ""));
export const action = ({ request, context, params }: ActionFunctionArgs) =>
  request.method === "POST" ? api(request, context, { scope: "write", json: true }, (c) => replyOp(c, params.id ?? "")) : methodNotAllowed(context, "GET, HEAD, POST");
