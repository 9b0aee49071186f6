import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { methodNotAllowed, scim } from "~/scim/http.server";
import { deleteUser, getUser, patchUser, replaceUser } from "~/scim/users.server";

// SCIM 2.0 /Users/{id}: read, PATCH, PUT, DELETE (deactivates; content stays).
export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  scim(request, context, (ctx, orgId, { baseUrl }) => getUser(ctx, orgId, params.id ?? "", baseUrl));

export function action({ request, context, params }: ActionFunctionArgs) {
  const id = params.id ?? "";
  switch (request.method) {
    case "PATCH": return scim(request, context, (ctx, orgId, { body, baseUrl }) => patchUser(ctx, orgId, id, body, baseUrl));
    case "PUT": return scim(request, context, (ctx, orgId, { body, baseUrl }) => replaceUser(ctx, orgId, id, body, baseUrl));
    case "DELETE": return scim(request, context, (ctx, orgId) => deleteUser(ctx, orgId, id));
    default: return methodNotAllowed();
  }
}
