import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { methodNotAllowed, scim } from "~/scim/http.server";
import { createScimGroup, listScimGroups } from "~/scim/groups.server";

// SCIM 2.0 /Groups: list/filter (GET) and create (POST), for the token's organisation.
export const loader = ({ request, context }: LoaderFunctionArgs) =>
  scim(request, context, (ctx, orgId, { url, baseUrl }) =>
    listScimGroups(ctx, orgId, {
      filter: url.searchParams.get("filter"),
      startIndex: Number(url.searchParams.get("startIndex")) || 1,
      count: url.searchParams.has("count") ? Number(url.searchParams.get("count")) || 0 : 100,
      excluded: url.searchParams.get("excludedAttributes"),
      baseUrl,
    }),
  );

export const action = ({ request, context }: ActionFunctionArgs) =>
  request.method === "POST" ? scim(request, context, (ctx, orgId, { body, baseUrl }) => createScimGroup(ctx, orgId, body, baseUrl)) : methodNotAllowed();
