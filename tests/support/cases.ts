import type { DB } from "../../db/client";
import type { Viewer } from "../../app/policy";
import { saveCase } from "../../app/cases/cases.server";
import type { CaseForm } from "../../app/cases/schemas";

// Helpers for the cases tests: a complete, publishable form and a direct way to create cases.

export const FUTURE = "2099-01-01";

export function caseForm(orgId: string, o: Partial<CaseForm> = {}): CaseForm {
  return {
    intent: "publish", org_id: orgId, visibility: "network", shared_org_ids: [], language: "sv",
    title: "AI-receptionist i växeln", summary: "En röstassistent kopplar samtal till rätt handläggare.",
    department: "Kontaktcenter", partner_org_ids: [], suppliers: "Leverantör AB", area: "customer_service",
    techniques: ["speech", "chatbot_assistant"], tool: "Växel-AI", status: "pilot", start_date: "2025-09-01",
    last_updated: "2026-10-01", review_by: FUTURE, problem: "Långa köer i växeln.", approach: "Taligenkänning och regler.",
    outcomes: "Kortare köer.", figure_label: ["Sparad tid"], figure_value: ["120"], figure_unit: ["timmar/månad"],
    evaluated: "own_followup", evaluation_method: "Mätning före och efter.", lessons: "Dialekter var svåra.",
    personal_data: "yes", dpia_done: "yes", ai_act_risk: "limited", info_classification: "K2",
    human_oversight: "Handläggare lyssnar på stickprov.", data_used: "Samtalsloggar", reuse_needs: "Promptar och avtal",
    contact_email: undefined, functional_mailbox: "vaxel@test.se", tag_ids: [], link_label: [], link_url: [],
    ...o,
  };
}

/** Creates a case through the domain as `viewer` and returns its id (throws on failure). */
export async function makeCase(db: DB, viewer: Viewer, orgId: string, o: Partial<CaseForm> = {}, now = new Date()): Promise<string> {
  const res = await saveCase({ db, viewer, now }, caseForm(orgId, { contact_email: viewer.email, ...o }));
  if (!res || !res.ok) throw new Error(`makeCase failed: ${JSON.stringify(res)}`);
  return res.id;
}

export async function makeTag(db: DB, slug: string, area = "customer_service") {
  return db
    .insertInto("tags")
    .values({ slug, name_sv: `Tagg ${slug}`, name_en: `Tag ${slug}`, area: area as "hr", updated_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
}
