import { hasOrgRole, isNetworkAdmin } from "./roles";
import type { Viewer } from "./types";

// Organisation and membership actions. The directory and profiles are public.
export const canViewOrgDirectory = (_v: Viewer | null) => true;
export const canManageMembers = (v: Viewer | null, orgId: string) =>
  hasOrgRole(v, orgId, "admin") || isNetworkAdmin(v);
export const canInvite = canManageMembers;
export const canManageOrganisations = (v: Viewer | null) => isNetworkAdmin(v);
export const canGrantNetworkRoles = (v: Viewer | null) => isNetworkAdmin(v);
