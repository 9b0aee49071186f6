import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { api, methodNotAllowed } from "~/api/handler.server";
import { listOrganisationsOp } from "~/api/resources.server";

// GET /api/v1/organisations: the network's organisations (public, as on /orgs).
export const loader = ({ request, context }: LoaderFunctionArgs) => api(request, context, { scope: "read" }, listOrganisationsOp);
export const action = ({ context }: ActionFunctionArgs) => methodNotAllowed(context, "GET, HEAD");
