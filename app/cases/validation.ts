import type { FieldErrors } from "../lib/forms.server";
import type { CaseForm } from "./schemas";

// What a published case must contain. Drafts skip this; publishing (and editing a published
// case) must pass it. Pure, so the unit tests and the form agree.
export const REQUIRED_TEXT = ["summary", "problem", "approach", "outcomes", "lessons", "human_oversight"] as const;
export const REQUIRED_CHOICE = ["area", "status", "evaluated", "personal_data", "ai_act_risk"] as const;

export function publishErrors(v: CaseForm, today: string): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, key: string) => (errors[field] ??= []).push({ key });
  for (const f of REQUIRED_TEXT) if (!v[f]) add(f, "form.required");
  for (const f of REQUIRED_CHOICE) if (!v[f]) add(f, "cases:errors.choose");
  if (v.techniques.length === 0) add("techniques", "cases:errors.chooseTechnique");
  if (!v.start_date && v.status !== "idea") add("start_date", "cases:errors.startRequired");
  if (!v.review_by) add("review_by", "cases:errors.reviewRequired");
  else if (v.review_by <= today) add("review_by", "cases:errors.reviewInPast");
  if (v.personal_data === "yes" && !v.dpia_done) add("dpia_done", "cases:errors.choose");
  if ((v.evaluated === "own_followup" || v.evaluated === "formal") && !v.evaluation_method) add("evaluation_method", "cases:errors.methodRequired");
  if (!v.contact_email) add("contact_email", "cases:errors.contactRequired");
  return errors;
}

export const mergeErrors = (...all: FieldErrors[]): FieldErrors => {
  const out: FieldErrors = {};
  for (const e of all) for (const [k, list] of Object.entries(e)) (out[k] ??= []).push(...list);
  return out;
};

/** A URL-safe slug from a Swedish title ("Åtgärd för äldre" → "atgard-for-aldre"). */
export function slugify(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/, "") || "fall"
  );
}
