import { hasOrgRole, isNetworkModerator, orgIdsOf } from "./roles";
import { canRead } from "./visibility";
import type { Scoped, Viewer, Visibility } from "./types";

// Shared rules for all organisation-scoped content (threads, posts, cases).

/** Any active member of at least one organisation may write content. */
export const canCreateContent = (v: Viewer | null) => Boolean(v && v.memberships.length > 0);

/** A moderator in scope: the owning organisation's moderators/admins, or network moderators who can read it. */
export function canModerate(v: Viewer | null, item: Scoped): boolean {
  if (!v || !canRead(v, item)) return false;
  return hasOrgRole(v, item.orgId, "moderator") || isNetworkModerator(v);
}

/** The owning organisation must be one of the author's; shares must name other organisations. */
export function canPublishAs(v: Viewer | null, orgId: string, _visibility: Visibility): boolean {
  return Boolean(v && orgIdsOf(v).includes(orgId));
}
