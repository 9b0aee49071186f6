import type { NetworkRole, OrgRole } from "../../db/types";

// Who is asking, as every layer sees it. The types live in app/lib because app/lib (request
// context, HTTP errors, UI primitives) needs them and depends on no capability; app/policy,
// which decides what a viewer may do, re-exports them from app/policy/types.

export type { NetworkRole, OrgRole };
export type Membership = { orgId: string; role: OrgRole };

/** A signed-in, active person and their memberships. Signed out is `null`. */
export type Viewer = {
  id: string;
  email: string;
  handle: string;
  name: string;
  locale: "sv" | "en" | null;
  primaryOrgId: string | null;
  networkRole: NetworkRole | null;
  memberships: Membership[];
};

export type Visibility = "organisation" | "network" | "public";

/** Anything with organisation-scoped visibility (threads, posts via their thread, cases). */
export type Scoped = { orgId: string; visibility: Visibility; sharedOrgIds: string[] };
