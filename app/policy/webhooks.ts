import { hasOrgRole, isNetworkAdmin } from "./roles";
import type { Viewer } from "./types";

/** An organisation's admins (and network admins) register, change and read its webhooks and their log. */
export const canManageWebhooks = (v: Viewer | null, orgId: string) => hasOrgRole(v, orgId, "admin") || isNetworkAdmin(v);

/** Only network admins may let an organisation's webhooks reach private (on-premises) addresses. */
export const canAllowPrivateWebhooks = (v: Viewer | null) => isNetworkAdmin(v);

/**
 * Whom a webhook endpoint reads as: an ordinary member of its organisation (no author or
 * moderator rights), so an endpoint receives exactly what every member of the organisation may read.
 */
export function orgReader(orgId: string): Viewer {
  return { id: "0", email: "", handle: "", name: "", locale: null, primaryOrgId: orgId, networkRole: null, memberships: [{ orgId, role: "member" }] };
}
