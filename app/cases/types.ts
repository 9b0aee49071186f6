import type { Visibility } from "../policy";
import type { Area, Evaluated, Risk, Status, Technique } from "./constants";

// Domain types (camelCase) that routes and components see.

export type OrgRef = { id: string; name: string; slug: string };
export type TagRef = { id: string; slug: string; nameSv: string; nameEn: string };
export type Figure = { label: string; value: string; unit: string };
export type CaseLink = { label: string; url: string };

export type CaseSummary = {
  id: string;
  slug: string;
  title: string;
  summary: string;
  org: OrgRef;
  visibility: Visibility;
  sharedOrgIds: string[];
  /** Names of the organisations it is shared with, for the visibility badge. */
  sharedNames: string[];
  state: "draft" | "published";
  area: Area | null;
  techniques: Technique[];
  status: Status | null;
  evaluated: Evaluated | null;
  aiActRisk: Risk | null;
  lastUpdated: string | null;
  reviewBy: string | null;
  adoptionCount: number;
  needsReview: boolean;
  hidden: boolean;
};

export type CaseDetail = CaseSummary & {
  language: "sv" | "en";
  department: string;
  partners: OrgRef[];
  sharedOrgs: OrgRef[];
  suppliers: string;
  tool: string;
  startDate: string | null;
  problem: string;
  approach: string;
  outcomes: string;
  figures: Figure[];
  evaluationMethod: string;
  lessons: string;
  personalData: boolean | null;
  dpiaDone: boolean | null;
  infoClassification: string;
  humanOversight: string;
  dataUsed: string;
  reuseNeeds: string;
  contact: { id: string; name: string; handle: string; email: string } | null;
  functionalMailbox: string;
  tags: TagRef[];
  links: CaseLink[];
  sourceThreadId: string | null;
  discussionThreadId: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  hiddenReason: string | null;
  outdatedNote: string | null;
};

export type Adoption = {
  id: string;
  caseId: string;
  caseTitle: string;
  caseSlug: string;
  caseOrg: OrgRef;
  org: OrgRef;
  status: "adopted" | "trying";
  adoptedOn: string;
  note: string;
  derivedCase: { id: string; slug: string; title: string } | null;
  createdBy: string;
  createdByName: string;
};

export type FacetKey = "area" | "status" | "technique" | "org" | "evaluated" | "risk" | "tag";
export type FacetCount = { value: string; label?: string; labelEn?: string; count: number };
export type Facets = Record<FacetKey, FacetCount[]>;

export type CaseRevision = { id: string; action: string; editorName: string | null; createdAt: string; snapshot: Record<string, unknown> };
