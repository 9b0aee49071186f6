import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { api, methodNotAllowed } from "~/api/handler.server";
import { searchOp } from "~/api/resources.server";

// GET /api/v1/search?q=: the search page's results for this reader (only what they may read).
export const loader = ({ request, context }: LoaderFunctionArgs) => api(request, context, { scope: "read" }, searchOp);
export const action = ({ context }: ActionFunctionArgs) => methodNotAllowed(context, "GET, HEAD");
