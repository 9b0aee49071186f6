import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { api, methodNotAllowed } from "~/api/handler.server";
import { listTagsOp } from "~/api/resources.server";

// GET /api/v1/tags: every tag with the number of threads this reader may read in it.
export const loader = ({ request, context }: LoaderFunctionArgs) => api(request, context, { scope: "read" }, listTagsOp);
export const action = ({ context }: ActionFunctionArgs) => methodNotAllowed(context, "GET, HEAD");
