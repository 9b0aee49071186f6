import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { api, methodNotAllowed } from "~/api/handler.server";
import { getPersonOp } from "~/api/resources.server";

// GET /api/v1/people/{handle}: public profile fields, for members of the network (as /u/{handle}).
export const loader = ({ request, context, params }: LoaderFunctionArgs) => api(request, context, { scope: "read" }, (c) => getPersonOp(c, params.handle ?? ""));
export const action = ({ context }: ActionFunctionArgs) => methodNotAllowed(context, "GET, HEAD");
