import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { methodNotAllowed, scim } from "~/scim/http.server";
import { deleteScimGroup, getScimGroup, patchScimGroup } from "~/scim/groups.server";

// SCIM 2.0 /Groups/{id}: read, PATCH (members, displayName), DELETE.
export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  scim(request, context, (ctx, orgId, { baseUrl }) => getScimGroup(ctx, orgId, params.id ?? "", baseUrl));

export function action({ request, context, params }: ActionFunctionArgs) {
  const id = params.id ?? "";
  switch (request.method) {
    case "PATCH": return scim(request, context, (ctx, orgId, { body }) => patchScimGroup(ctx, orgId, id, body));
    case "DELETE": return scim(request, context, (ctx, orgId) => deleteScimGroup(ctx, orgId, id));
    default: return methodNotAllowed();
  }
}
