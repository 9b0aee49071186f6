// The case-study vocabularies. Areas are the forum's tag areas; the rest follow the public-sector
// case libraries. Order here is the order shown in forms and facets.
export const AREAS = [
  "customer_service", "hr", "purchasing", "internal_admin", "health_social_care",
  "schools", "urban_planning", "it", "law_ethics", "security",
] as const;
export const TECHNIQUES = [
  "generative_llm", "classification", "prediction", "document_ocr", "chatbot_assistant", "speech", "rpa_ai", "other",
] as const;
export const STATUSES = ["idea", "exploring", "pilot", "production", "scaled", "paused", "ended"] as const;
export const EVALUATED = ["no", "own_followup", "formal"] as const;
export const RISKS = ["minimal", "limited", "high", "unacceptable", "not_assessed"] as const;
export const ADOPTION_STATUSES = ["adopted", "trying"] as const;
export const VISIBILITY_CHOICES = ["public", "network", "organisation", "shared"] as const;
export const LANGUAGES = ["sv", "en"] as const;

export const LIMITS = {
  title: 160, summary: 300, short: 200, medium: 2000, long: 20_000, suppliers: 500,
  figureLabel: 120, figureUnit: 40, linkLabel: 160, url: 2000, note: 2000, rows: 20,
} as const;

/** Blank rows offered for figures and links, so the form works without JavaScript. */
export const EXTRA_ROWS = 2;

export type Area = (typeof AREAS)[number];
export type Technique = (typeof TECHNIQUES)[number];
export type Status = (typeof STATUSES)[number];
export type Evaluated = (typeof EVALUATED)[number];
export type Risk = (typeof RISKS)[number];
export type VisibilityChoice = (typeof VISIBILITY_CHOICES)[number];
