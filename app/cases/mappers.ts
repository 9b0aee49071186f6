import type { CaseScope } from "../policy";
import type { Area, Evaluated, Risk, Status, Technique } from "./constants";
import { toIsoDate } from "./dates";
import type { Adoption, CaseDetail, CaseSummary, OrgRef, TagRef } from "./types";
import type { AdoptionRow, CaseRow, childrenOf } from "./cases.repo.server";

// Row (snake_case) → domain (camelCase).

type Children = Awaited<ReturnType<typeof childrenOf>>;

export function toSummary(r: CaseRow, today: string): CaseSummary {
  const reviewBy = toIsoDate(r.review_by);
  return {
    id: r.id, slug: r.slug, title: r.title, summary: r.summary,
    org: { id: r.org_id, name: r.org_name, slug: r.org_slug },
    visibility: r.visibility, sharedOrgIds: r.shared_org_ids.map(String), sharedNames: r.shared_org_names ?? [], state: r.state,
    area: r.area as Area | null, techniques: r.techniques as Technique[], status: r.status as Status | null,
    evaluated: r.evaluated as Evaluated | null, aiActRisk: r.ai_act_risk as Risk | null,
    lastUpdated: toIsoDate(r.last_updated), reviewBy,
    adoptionCount: Number(r.adoption_count),
    needsReview: r.state === "published" && reviewBy !== null && reviewBy < today,
    hidden: r.hidden_at !== null,
  };
}

export function toDetail(
  r: CaseRow,
  today: string,
  kids: Children,
  extra: { sharedOrgs: OrgRef[]; contact: CaseDetail["contact"] },
): CaseDetail {
  const mine = <T extends { case_id: string }>(rows: T[]) => rows.filter((x) => x.case_id === r.id);
  return {
    ...toSummary(r, today),
    language: r.language, department: r.department, suppliers: r.suppliers, tool: r.tool,
    partners: mine(kids.partners).map((p) => ({ id: p.id, name: p.name, slug: p.slug })),
    sharedOrgs: extra.sharedOrgs,
    startDate: toIsoDate(r.start_date),
    problem: r.problem, approach: r.approach, outcomes: r.outcomes,
    figures: mine(kids.figures).map((f) => ({ label: f.label, value: String(Number(f.value)), unit: f.unit })),
    evaluationMethod: r.evaluation_method, lessons: r.lessons,
    personalData: r.personal_data, dpiaDone: r.dpia_done,
    infoClassification: r.info_classification, humanOversight: r.human_oversight,
    dataUsed: r.data_used, reuseNeeds: r.reuse_needs,
    contact: extra.contact, functionalMailbox: r.functional_mailbox,
    tags: mine(kids.tags).map((t): TagRef => ({ id: t.id, slug: t.slug, nameSv: t.name_sv, nameEn: t.name_en })),
    links: mine(kids.links).map((l) => ({ label: l.label, url: l.url })),
    sourceThreadId: r.source_thread_id, discussionThreadId: r.discussion_thread_id,
    createdBy: r.created_by, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
    publishedAt: r.published_at ? r.published_at.toISOString() : null,
    hiddenReason: r.hidden_reason, outdatedNote: r.outdated_note,
  };
}

export function toAdoption(r: AdoptionRow, derivedReadable: boolean): Adoption {
  return {
    id: r.id, caseId: r.case_id, caseTitle: r.case_title, caseSlug: r.case_slug,
    caseOrg: { id: r.case_org_id, name: r.case_org_name, slug: r.case_org_slug },
    org: { id: r.org_id, name: r.org_name, slug: r.org_slug },
    status: r.status, adoptedOn: toIsoDate(r.adopted_on) ?? "", note: r.note,
    derivedCase: r.derived_case_id && derivedReadable && r.derived_title
      ? { id: r.derived_case_id, slug: r.derived_slug ?? "", title: r.derived_title }
      : null,
    createdBy: r.created_by, createdByName: r.created_by_name,
  };
}

/** The form's values for an existing case (the same shape the form posts). */
export function toFormValues(c: CaseDetail, contactEmail: string): Record<string, string | string[]> {
  const yn = (b: boolean | null) => (b === null ? "" : b ? "yes" : "no");
  return {
    org_id: c.org.id,
    visibility: c.visibility === "organisation" && c.sharedOrgIds.length ? "shared" : c.visibility,
    shared_org_ids: c.sharedOrgIds, language: c.language, title: c.title, summary: c.summary,
    department: c.department, partner_org_ids: c.partners.map((p) => p.id), suppliers: c.suppliers,
    area: c.area ?? "", techniques: c.techniques, tool: c.tool, status: c.status ?? "",
    start_date: c.startDate ?? "", last_updated: c.lastUpdated ?? "", review_by: c.reviewBy ?? "",
    problem: c.problem, approach: c.approach, outcomes: c.outcomes,
    figure_label: c.figures.map((f) => f.label), figure_value: c.figures.map((f) => f.value), figure_unit: c.figures.map((f) => f.unit),
    evaluated: c.evaluated ?? "", evaluation_method: c.evaluationMethod, lessons: c.lessons,
    personal_data: yn(c.personalData), dpia_done: yn(c.dpiaDone), ai_act_risk: c.aiActRisk ?? "",
    info_classification: c.infoClassification, human_oversight: c.humanOversight, data_used: c.dataUsed,
    reuse_needs: c.reuseNeeds, contact_email: contactEmail, functional_mailbox: c.functionalMailbox,
    tag_ids: c.tags.map((t) => t.id), link_label: c.links.map((l) => l.label), link_url: c.links.map((l) => l.url),
  };
}

export const scopeOf = (r: { org_id: string; visibility: CaseScope["visibility"]; shared_org_ids: string[]; state: "draft" | "published"; hidden_at: Date | null; deleted_at: Date | null }): CaseScope => ({
  orgId: r.org_id, visibility: r.visibility, sharedOrgIds: r.shared_org_ids.map(String), state: r.state, hiddenAt: r.hidden_at, deletedAt: r.deleted_at,
});
