import type { LoaderFunctionArgs } from "@remix-run/node";
import { scim } from "~/scim/http.server";

// What this SCIM service supports (RFC 7643 section 5), for the client's discovery.
export const loader = ({ request, context }: LoaderFunctionArgs) =>
  scim(request, context, async () => ({
    status: 200,
    body: {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [{ type: "oauthbearertoken", name: "Bearer token", description: "A per-organisation token from /admin", primary: true }],
    },
  }));
