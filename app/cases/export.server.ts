import { attachmentsOf } from "../attachments/attachments.server";
import { toSafeCsv } from "../lib/csv.server";
import { i18nFor } from "../lib/i18n/i18n";
import type { Locale } from "../lib/i18n/resources";
import { audienceText } from "../lib/ui/visibility-badge";
import { isExportedAttachment } from "../policy";
import type { DomainCtx } from "../lib/ctx.server";
import * as repo from "./cases.repo.server";
import { todayIn } from "./dates";
import { toDetail } from "./mappers";
import type { CaseDetail } from "./types";

// Exports of every published case the viewer may read, with every field. Column names are a
// stable contract (spreadsheets and scripts depend on them): add columns at the end, never rename.

export const EXPORT_COLUMNS = [
  "id", "url", "title", "summary", "organisation", "organisation_id", "department", "partner_organisations",
  "suppliers", "area", "techniques", "tool", "status", "start_date", "last_updated", "review_by", "problem",
  "approach", "outcomes", "figures", "evaluated", "evaluation_method", "lessons", "personal_data", "dpia_done",
  "ai_act_risk", "info_classification", "human_oversight", "data_used", "reuse_needs", "contact_name",
  "contact_email", "functional_mailbox", "tags", "links", "visibility", "shared_with", "language",
  "adoption_count", "published_at", "updated_at", "source_thread_id", "needs_review", "attachments",
  "visibility_label_sv", "visibility_label_en",
] as const;

/** A case's file as the exports list it: what it is and where a reader with the same rights downloads it. */
export type ExportAttachment = { filename: string; title: string; type: string; size: number; path: string; url: string; hidden: boolean };
export type ExportRecord = Omit<CaseDetail, "contact"> & { url: string; contact: { name: string; email: string } | null; attachments: ExportAttachment[] };

/** Anyone: every published case the viewer may read, oldest first, as domain records. */
export async function exportCases(ctx: DomainCtx, baseUrl: string): Promise<ExportRecord[]> {
  const rows = await repo.exportRows(ctx.db, ctx.viewer);
  const ids = rows.map((r) => r.id);
  const [kids, orgs, users, files] = await Promise.all([
    repo.childrenOf(ctx.db, ids),
    repo.allOrganisations(ctx.db),
    repo.usersByIds(ctx.db, [...new Set(rows.map((r) => r.contact_user_id).filter((x): x is string => Boolean(x)))]),
    // Through the attachments' read rule (the case's, then the file's own state).
    attachmentsOf(ctx, "case", ids),
  ]);
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const userById = new Map(users.map((u) => [u.id, u]));
  const today = todayIn(ctx.now);
  return rows.map((r) => {
    const sharedOrgs = r.shared_org_ids.map(String).flatMap((id) => (orgById.has(id) ? [orgById.get(id)!] : []));
    const u = r.contact_user_id ? userById.get(r.contact_user_id) : undefined;
    const d = toDetail(r, today, kids, { sharedOrgs, contact: u ?? null });
    // Members' addresses are for members: signed-out readers get the functional mailbox only.
    const contact = u ? { name: u.name, email: ctx.viewer ? u.email : "" } : null;
    const attachments = (files.get(r.id) ?? [])
      .filter((a) => isExportedAttachment(ctx.viewer, { orgId: d.org.id, visibility: d.visibility, sharedOrgIds: d.sharedOrgIds }, a))
      .map((a) => ({ filename: a.filename, title: a.title, type: a.mime, size: a.size, path: a.href, url: new URL(a.href, baseUrl).toString(), hidden: a.hidden }));
    return { ...d, contact, attachments, url: new URL(`/cases/${r.id}-${r.slug}`, baseUrl).toString() };
  });
}

const yn = (b: boolean | null) => (b === null ? "" : b ? "yes" : "no");

/** One file in a CSV cell: "Title (name.pdf, application/pdf, 12345 bytes) <url>"; files separated by "; ". */
const fileCell = (a: ExportAttachment) =>
  `${a.title ? `${a.title} (${a.filename}, ` : `${a.filename} (`}${a.type}, ${a.size} bytes${a.hidden ? ", hidden" : ""}) <${a.url}>`;

/** The visibility badge's wording ("Bara Gävle kommun", "Hela nätverket", …) in one language. */
function visibilityLabel(c: ExportRecord, locale: Locale): string {
  return audienceText(i18nFor(locale).t, { visibility: c.visibility, orgName: c.org.name, sharedNames: c.sharedOrgs.map((o) => o.name), shared: c.sharedOrgIds.length > 0 });
}

/** One flat row per case with the stable column names. */
export function flatRecord(c: ExportRecord): Record<(typeof EXPORT_COLUMNS)[number], string | number> {
  return {
    id: c.id, url: c.url, title: c.title, summary: c.summary, organisation: c.org.name, organisation_id: c.org.id,
    department: c.department, partner_organisations: c.partners.map((p) => p.name).join("; "), suppliers: c.suppliers,
    area: c.area ?? "", techniques: c.techniques.join("; "), tool: c.tool, status: c.status ?? "",
    start_date: c.startDate ?? "", last_updated: c.lastUpdated ?? "", review_by: c.reviewBy ?? "",
    problem: c.problem, approach: c.approach, outcomes: c.outcomes,
    figures: c.figures.map((f) => `${f.label}: ${f.value}${f.unit ? ` ${f.unit}` : ""}`).join("; "),
    evaluated: c.evaluated ?? "", evaluation_method: c.evaluationMethod, lessons: c.lessons,
    personal_data: yn(c.personalData), dpia_done: yn(c.dpiaDone), ai_act_risk: c.aiActRisk ?? "",
    info_classification: c.infoClassification, human_oversight: c.humanOversight, data_used: c.dataUsed,
    reuse_needs: c.reuseNeeds, contact_name: c.contact?.name ?? "", contact_email: c.contact?.email ?? "",
    functional_mailbox: c.functionalMailbox, tags: c.tags.map((t) => t.slug).join("; "),
    links: c.links.map((l) => `${l.label} <${l.url}>`).join("; "), visibility: c.sharedOrgIds.length ? "shared" : c.visibility,
    shared_with: c.sharedOrgs.map((o) => o.name).join("; "), language: c.language, adoption_count: c.adoptionCount,
    published_at: c.publishedAt ?? "", updated_at: c.updatedAt, source_thread_id: c.sourceThreadId ?? "",
    needs_review: c.needsReview ? "yes" : "no", attachments: c.attachments.map(fileCell).join("; "),
    visibility_label_sv: visibilityLabel(c, "sv"), visibility_label_en: visibilityLabel(c, "en"),
  };
}

/** CSV for spreadsheets (BOM, CRLF, header), safe against formula injection (app/lib/csv.server.ts). */
export function toCsv(records: ExportRecord[]): string {
  return toSafeCsv(records.map(flatRecord), EXPORT_COLUMNS);
}

/** JSON keeps the structure (lists stay lists) under the same names. */
export function toJson(records: ExportRecord[]) {
  return records.map((c) => ({
    ...flatRecord(c),
    partner_organisations: c.partners.map((p) => ({ id: p.id, name: p.name })),
    techniques: c.techniques,
    figures: c.figures.map((f) => ({ label: f.label, value: Number(f.value), unit: f.unit })),
    personal_data: c.personalData, dpia_done: c.dpiaDone,
    tags: c.tags.map((t) => ({ slug: t.slug, name_sv: t.nameSv, name_en: t.nameEn })),
    links: c.links,
    shared_with: c.sharedOrgs.map((o) => ({ id: o.id, name: o.name })),
    needs_review: c.needsReview,
    attachments: c.attachments.map((a) => ({ filename: a.filename, title: a.title, type: a.type, size: a.size, path: a.path, url: a.url, ...(a.hidden ? { hidden: true } : {}) })),
  }));
}
