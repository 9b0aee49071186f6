import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { api, methodNotAllowed } from "~/api/handler.server";
import { getCaseOp } from "~/api/resources.server";

// GET /api/v1/cases/{id}: one case as its page shows it (drafts and hidden ones: editors only).
export const loader = ({ request, context, params }: LoaderFunctionArgs) => api(request, context, { scope: "read" }, (c) => getCaseOp(c, params.id ?? ""));
export const action = ({ context }: ActionFunctionArgs) => methodNotAllowed(context, "GET, HEAD");
