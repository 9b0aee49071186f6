import type { DomainCtx } from "../lib/ctx.server";
import { toSafeCsv } from "../lib/csv.server";
import { exportCases, type ExportRecord } from "./export.server";
import type { ListQuery } from "./schemas";

// Register-format case exports (issue 14): the Dutch Algoritmeregister and the UK Algorithmic
// Transparency Recording Standard (ATRS, tier 1 and tier 2), per case and for a filtered list.
// Scoped to the viewer exactly as /cases.csv and /cases.json (exportCases: published cases the
// viewer may read). The field mapping is documented in docs/algorithm-register-mapping.md; a
// register field the case form does not capture is sent empty, never guessed.

export const REGISTER_FORMATS = ["algoritmeregister", "atrs-tier1", "atrs-tier2"] as const;
export type RegisterFormat = (typeof REGISTER_FORMATS)[number];

type Row = Record<string, string>;
const join = (xs: string[]) => xs.filter(Boolean).join("; ");
const yn = (b: boolean | null, yes: string, no: string) => (b === null ? "" : b ? yes : no);

const NL_STATUS: Record<string, string> = {
  idea: "In ontwikkeling", exploring: "In ontwikkeling", pilot: "In ontwikkeling", production: "In gebruik", scaled: "In gebruik", paused: "Buiten gebruik", ended: "Buiten gebruik",
};
const ATRS_PHASE: Record<string, string> = {
  idea: "Pre-deployment", exploring: "Pre-deployment", pilot: "Beta/pilot", production: "Production", scaled: "Production", paused: "Retired", ended: "Retired",
};

export const ALGORITMEREGISTER_FIELDS = [
  "name", "organization", "department", "description_short", "type", "category", "status", "website", "url",
  "publication_category", "begin_date", "end_date", "contact_email", "goal", "impact", "proportionality",
  "decision_making_process", "human_intervention", "documentation", "lawful_basis", "impacttoetsen", "risks",
  "source_data", "methods_and_models", "provider", "lang", "standard_version", "source_id", "last_updated",
] as const;

/** One case in the Algoritmeregister's fields (metadata standard 1.0). */
export function algoritmeregister(c: ExportRecord): Record<(typeof ALGORITMEREGISTER_FIELDS)[number], string> {
  return {
    name: c.title, organization: c.org.name, department: c.department, description_short: c.summary,
    type: join(c.techniques), category: c.area ?? "", status: c.status ? (NL_STATUS[c.status] ?? "") : "",
    website: join(c.links.map((l) => l.url)), url: c.url,
    publication_category: c.aiActRisk === "high" ? "Hoog-risico AI-systeem" : "Overige algoritmes",
    begin_date: c.startDate ?? "", end_date: c.status === "ended" ? (c.lastUpdated ?? "") : "",
    contact_email: c.functionalMailbox || c.contact?.email || "", goal: c.problem, impact: c.outcomes, proportionality: "",
    decision_making_process: c.approach, human_intervention: c.humanOversight,
    documentation: join(c.links.map((l) => `${l.label} <${l.url}>`)), lawful_basis: "",
    impacttoetsen: join([yn(c.dpiaDone, "DPIA uitgevoerd", "Geen DPIA"), c.aiActRisk ? `AI Act: ${c.aiActRisk}` : ""]),
    risks: c.aiActRisk ?? "", source_data: c.dataUsed, methods_and_models: join([...c.techniques, c.tool]),
    provider: c.suppliers, lang: c.language, standard_version: "1.0", source_id: c.id, last_updated: c.updatedAt,
  };
}

export const ATRS_TIER1_FIELDS = ["name", "description", "website", "contact_email", "organisation", "function", "phase", "source_id", "last_updated"] as const;

/** Tier 1 of the ATRS (the short public summary). */
export function atrsTier1(c: ExportRecord): Record<(typeof ATRS_TIER1_FIELDS)[number], string> {
  return {
    name: c.title, description: c.summary, website: c.url, contact_email: c.functionalMailbox || c.contact?.email || "",
    organisation: c.org.name, function: c.area ?? "", phase: c.status ? (ATRS_PHASE[c.status] ?? "") : "",
    source_id: c.id, last_updated: c.updatedAt,
  };
}

/** Tier 2 of the ATRS: the detailed record, in its sections (tier 1 included). */
export function atrsTier2(c: ExportRecord) {
  return {
    tier_1: atrsTier1(c),
    owner_and_responsibility: {
      organisation: c.org.name, team: c.department, senior_responsible_owner: c.contact?.name ?? "", external_supplier: c.suppliers,
      partner_organisations: join(c.partners.map((p) => p.name)),
    },
    description_and_rationale: { detailed_description: c.approach, scope: c.problem, benefits: c.outcomes, alternatives_considered: "" },
    decision_making_process: { process_integration: c.approach, human_decisions_and_review: c.humanOversight, appeals_and_review: "" },
    tool_specification: { system_architecture: c.tool, phase: c.status ? (ATRS_PHASE[c.status] ?? "") : "", models: join(c.techniques), start_date: c.startDate ?? "" },
    data: { data_description: c.dataUsed, personal_data: yn(c.personalData, "yes", "no"), information_classification: c.infoClassification },
    risks_mitigations_and_impact_assessments: {
      impact_assessment: yn(c.dpiaDone, "DPIA completed", "No DPIA"), risks_and_mitigations: c.aiActRisk ? `EU AI Act risk class: ${c.aiActRisk}` : "",
      evaluation: join([c.evaluated ?? "", c.evaluationMethod]), lessons: c.lessons,
    },
  };
}

const ATRS_TIER2_SECTIONS = ["owner_and_responsibility", "description_and_rationale", "decision_making_process", "tool_specification", "data", "risks_mitigations_and_impact_assessments"] as const;

/** Tier 2 flattened for a spreadsheet: `section.field` columns after the tier 1 columns. */
function flatTier2(c: ExportRecord): Row {
  const t = atrsTier2(c);
  const out: Row = { ...t.tier_1 };
  for (const s of ATRS_TIER2_SECTIONS) for (const [k, v] of Object.entries(t[s])) out[`${s}.${k}`] = v;
  return out;
}

/** Only the cases matching the case list's filters (area, status, technique, org, evaluated, risk, tag, q). */
export function filterRecords(records: ExportRecord[], q: Partial<ListQuery>): ExportRecord[] {
  const has = (xs: string[] | undefined, v: string | null | undefined) => !xs?.length || (v != null && xs.includes(v));
  const words = (q.q ?? "").toLocaleLowerCase("sv").split(/\s+/).filter(Boolean);
  return records.filter((c) =>
    has(q.area, c.area) && has(q.status, c.status) && has(q.evaluated, c.evaluated) && has(q.risk, c.aiActRisk) && has(q.org, c.org.id)
    && (!q.technique?.length || c.techniques.some((x) => q.technique!.includes(x)))
    && (!q.tag?.length || c.tags.some((g) => q.tag!.includes(g.slug)))
    && words.every((w) => `${c.title} ${c.summary} ${c.problem} ${c.approach}`.toLocaleLowerCase("sv").includes(w)));
}

/** Anyone: the viewer's exportable cases (one, or the filtered list) in a register format. Null: the one case is not exportable for them. */
export async function registerExport(ctx: DomainCtx, baseUrl: string, format: RegisterFormat, kind: "json" | "csv", scope: { caseId: string } | { query: Partial<ListQuery> }) {
  const all = await exportCases(ctx, baseUrl);
  const records = "caseId" in scope ? all.filter((c) => c.id === scope.caseId) : filterRecords(all, scope.query);
  if ("caseId" in scope && !records.length) return null;
  if (kind === "csv") {
    if (format === "algoritmeregister") return toSafeCsv(records.map(algoritmeregister), ALGORITMEREGISTER_FIELDS);
    if (format === "atrs-tier1") return toSafeCsv(records.map(atrsTier1), ATRS_TIER1_FIELDS);
    const rows = records.map(flatTier2);
    const columns = rows.length ? Object.keys(rows[0]) : [...ATRS_TIER1_FIELDS];
    return toSafeCsv(rows, columns);
  }
  const map = format === "algoritmeregister" ? algoritmeregister : format === "atrs-tier1" ? atrsTier1 : atrsTier2;
  const body = { standard: STANDARD[format], generated_at: ctx.now.toISOString(), records: records.map((c) => map(c)) };
  return JSON.stringify("caseId" in scope ? { ...body, record: body.records[0], records: undefined } : body, null, 2);
}

const STANDARD: Record<RegisterFormat, string> = {
  algoritmeregister: "Algoritmeregister metadata standard 1.0 (Nederland)",
  "atrs-tier1": "UK Algorithmic Transparency Recording Standard, tier 1",
  "atrs-tier2": "UK Algorithmic Transparency Recording Standard, tier 2",
};

/** `algoritmeregister.json` → its format and kind, or null. */
export function parseRegisterFile(file: string): { format: RegisterFormat; kind: "json" | "csv" } | null {
  const m = /^(algoritmeregister|atrs-tier1|atrs-tier2)\.(json|csv)$/.exec(file);
  return m ? { format: m[1] as RegisterFormat, kind: m[2] as "json" | "csv" } : null;
}
