import type { OrgKind, OrgRole } from "../../db/types";

export type { OrgKind, OrgRole };
export const ORG_ROLES: readonly OrgRole[] = ["member", "ambassador", "moderator", "admin"];
export const ORG_KINDS: readonly OrgKind[] = ["region", "municipality", "agency", "company", "research_institute"];

export type OrganisationSummary = {
  id: string;
  slug: string;
  name: string;
  kind: OrgKind;
  description: string;
  memberCount: number;
};

export type MemberSummary = { id: string; handle: string; name: string; title: string; role: OrgRole };
