import { hasOrgRole, isNetworkAdmin } from "./roles";
import type { Viewer } from "./types";

// Sign-in through identity providers and SCIM: network admins manage all, an organisation's admins
// their own organisation's.

export const canManageSsoFor = (v: Viewer | null, orgId: string) => isNetworkAdmin(v) || hasOrgRole(v, orgId, "admin");
export const canManageProvider = (v: Viewer | null, p: { orgId: string }) => canManageSsoFor(v, p.orgId);
/** The organisations whose providers the viewer may see and change, or all. */
export const ssoAdminScope = (v: Viewer | null): string[] | "all" =>
  isNetworkAdmin(v) ? "all" : (v?.memberships.filter((m) => m.role === "admin").map((m) => m.orgId) ?? []);
export const canUseSsoAdmin = (v: Viewer | null) => isNetworkAdmin(v) || Boolean(v?.memberships.some((m) => m.role === "admin"));
