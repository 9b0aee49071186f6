import type { OrgKind } from "../../db/types";

export type OrganisationSummary = {
  id: string;
  slug: string;
  name: string;
  kind: OrgKind;
  description: string;
  memberCount: number;
};
