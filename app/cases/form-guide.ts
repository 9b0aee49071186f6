import type { Values } from "../lib/ui/form-values";
import { REQUIRED_CHOICE, REQUIRED_TEXT } from "./validation";

// The case form's parts in reading order, with what each must contain before publishing (the
// same lists publishErrors checks, so the guide and the server agree). Pure: the server renders
// the guide from the submitted values and the browser recomputes it while the form is filled in.

export const CASE_SECTIONS = [
  { id: "basics", fields: ["title", "summary", "area", "techniques", "tool", "status", "start_date", "last_updated", "review_by", "language"] },
  { id: "organisation", fields: ["org_id", "department", "partner_org_ids", "suppliers"] },
  { id: "what", fields: ["problem", "approach"] },
  { id: "outcomes", fields: ["outcomes", "figure"] },
  { id: "evaluation", fields: ["evaluated", "evaluation_method", "lessons"] },
  { id: "legal", fields: ["personal_data", "dpia_done", "ai_act_risk", "info_classification", "human_oversight", "data_used"] },
  { id: "reuse", fields: ["reuse_needs"] },
  { id: "contact", fields: ["contact_email", "functional_mailbox", "tag_ids", "link"] },
  { id: "sharing", fields: ["visibility", "shared_org_ids"] },
] as const;

/** Fields a published case must have filled in, whatever else was chosen. */
export const PUBLISH_REQUIRED: readonly string[] = [...REQUIRED_TEXT, ...REQUIRED_CHOICE, "techniques", "review_by", "contact_email"];
/** Fields every save needs. */
export const ALWAYS_REQUIRED: readonly string[] = ["title", "org_id", "visibility"];

const first = (v: Values, k: string) => String((Array.isArray(v[k]) ? v[k]![0] : v[k]) ?? "").trim();
const filled = (v: Values, k: string) => (Array.isArray(v[k]) ? (v[k] as string[]).some((x) => x.trim()) : first(v, k) !== "");

/** The publish-required fields still empty in these values (conditional ones included when they apply). */
export function missingForPublish(v: Values): string[] {
  const need = [...PUBLISH_REQUIRED, ...ALWAYS_REQUIRED];
  if (first(v, "status") !== "idea") need.push("start_date");
  if (first(v, "personal_data") === "yes") need.push("dpia_done");
  if (["own_followup", "formal"].includes(first(v, "evaluated"))) need.push("evaluation_method");
  return need.filter((k) => !filled(v, k));
}

export type SectionState = { id: string; required: number; missing: number; errors: number };

/** Each part's count of publish-required fields, how many are still empty and how many have errors. */
export function sectionStates(v: Values, errors: Record<string, unknown[]> = {}): SectionState[] {
  const missing = new Set(missingForPublish(v));
  const errorKeys = Object.keys(errors).filter((k) => (errors[k] as unknown[])?.length);
  const conditional = ["start_date", "dpia_done", "evaluation_method", ...ALWAYS_REQUIRED];
  return CASE_SECTIONS.map((s) => {
    const fields = s.fields as readonly string[];
    const required = fields.filter((f) => PUBLISH_REQUIRED.includes(f) || conditional.includes(f)).length;
    return {
      id: s.id,
      required,
      missing: fields.filter((f) => missing.has(f)).length,
      errors: errorKeys.filter((k) => fields.includes(k) || fields.some((f) => k.startsWith(`${f}_`))).length,
    };
  });
}
