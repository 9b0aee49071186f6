import type { OrgRole, Viewer } from "./types";

const RANK: Record<OrgRole, number> = { member: 1, ambassador: 2, moderator: 3, admin: 4 };

export function roleIn(viewer: Viewer | null, orgId: string): OrgRole | null {
  return viewer?.memberships.find((m) => m.orgId === orgId)?.role ?? null;
}

/** True when the viewer holds `min` or a higher role in the organisation. */
export function hasOrgRole(viewer: Viewer | null, orgId: string, min: OrgRole): boolean {
  const role = roleIn(viewer, orgId);
  return role !== null && RANK[role] >= RANK[min];
}

export function orgIdsOf(viewer: Viewer | null): string[] {
  return viewer?.memberships.map((m) => m.orgId) ?? [];
}

export const isNetworkModerator = (v: Viewer | null) =>
  v?.networkRole === "moderator" || v?.networkRole === "admin";
export const isNetworkAdmin = (v: Viewer | null) => v?.networkRole === "admin";
