import { hasOrgRole, isNetworkAdmin } from "./roles";
import type { Viewer } from "./types";

// Organisation and membership actions. The directory and organisation profiles are public;
// who belongs where (member lists, person profiles) is for signed-in members of the network.

export const canViewOrgDirectory = (_v: Viewer | null) => true;
export const canViewOrgProfile = (_v: Viewer | null) => true;

/** Member lists and person profiles: any signed-in, active member of the network. */
export const canViewMembers = (v: Viewer | null) => Boolean(v && v.memberships.length > 0);

/** A person's profile: members see active people; deactivated people only the network admin. */
export const canViewPerson = (v: Viewer | null, person: { deactivated: boolean }) =>
  canViewMembers(v) && (!person.deactivated || isNetworkAdmin(v));

/** Invite, change roles, remove members, see pending invitations: the organisation's admins and network admins. */
export const canManageMembers = (v: Viewer | null, orgId: string) =>
  hasOrgRole(v, orgId, "admin") || isNetworkAdmin(v);
export const canInvite = canManageMembers;
export const canChangeRole = canManageMembers;
export const canRemoveMember = canManageMembers;

/** Create and edit organisations and their email domains. */
export const canManageOrganisations = (v: Viewer | null) => isNetworkAdmin(v);
export const canEditOrganisation = (v: Viewer | null, _orgId: string) => isNetworkAdmin(v);
export const canGrantNetworkRoles = (v: Viewer | null) => isNetworkAdmin(v);
export const canDeactivatePeople = (v: Viewer | null) => isNetworkAdmin(v);
export const canViewNetworkAdmin = (v: Viewer | null) => isNetworkAdmin(v);

/** Own settings and sessions: any signed-in person. */
export const canEditOwnSettings = (v: Viewer | null) => Boolean(v);

/**
 * The dev mailbox (demo mode only) holds sign-in links for every address, so it is no open page:
 * a network admin reads all of it, anyone else signed in only the mail sent to their own address,
 * signed-out visitors nothing (null). Outside demo mode there is no mailbox for anyone.
 */
export const canViewDevMailbox = (v: Viewer | null, demoMode: boolean): "all" | "own" | null =>
  !demoMode || !v ? null : isNetworkAdmin(v) ? "all" : "own";
/** Search synonym groups (/admin/synonyms): network admins only. */
export const canManageSearchSynonyms = (v: Viewer | null) => isNetworkAdmin(v);
