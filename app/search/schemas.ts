import { z } from "zod";

export const KINDS = ["question", "discussion", "case"] as const;
export const AREAS = [
  "customer_service", "hr", "purchasing", "internal_admin", "health_social_care",
  "schools", "urban_planning", "it", "law_ethics", "security",
] as const;
export const CASE_STATUSES = ["idea", "exploring", "pilot", "production", "scaled", "paused", "ended"] as const;
export const ANSWERED = ["solved", "unsolved", "unanswered"] as const;
export const MAX_PAGE = 50;
export const PER_PAGE = 20;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "search:error.date").refine((s) => !Number.isNaN(Date.parse(s)), "search:error.date");
const optional = <T extends z.ZodTypeAny>(s: T) => z.preprocess((v) => (v === "" ? undefined : v), s.optional());

/** The /search URL: everything optional; the text is bounded by the parser, not refused. */
export const searchParamsSchema = z.object({
  q: z.string().max(10_000).default(""),
  typ: z.array(z.enum(KINDS)).default([]),
  tag: z.array(z.string().regex(/^[\p{L}\p{N}-]{1,80}$/u, "search:error.tag")).max(10).default([]),
  org: z.array(z.string().regex(/^[a-z0-9-]{1,80}$/, "search:error.org")).max(12).default([]),
  area: z.array(z.enum(AREAS)).default([]),
  status: z.array(z.enum(CASE_STATUSES)).default([]),
  answered: optional(z.enum(ANSWERED)),
  from: optional(date),
  to: optional(date),
  sort: optional(z.enum(["relevance", "newest"])),
  /** "1": search exactly what was typed (no corrections of missing å/ä/ö or typos). */
  exact: optional(z.enum(["1"])),
  page: z.preprocess((v) => (v === "" || v === undefined ? 1 : v), z.coerce.number().int().min(1).max(MAX_PAGE)),
});
export type SearchParams = z.infer<typeof searchParamsSchema>;
export const ARRAY_PARAMS = ["typ", "tag", "org", "area", "status"];

/** Search box values for type filters, Swedish and English. */
export const TYPE_WORDS: Record<string, (typeof KINDS)[number]> = {
  fråga: "question", frågor: "question", question: "question", questions: "question", q: "question",
  diskussion: "discussion", diskussioner: "discussion", discussion: "discussion", discussions: "discussion",
  fall: "case", fallstudie: "case", fallstudier: "case", case: "case", cases: "case",
};

/** Search box values for status: case statuses and question states, Swedish and English. */
export const STATUS_WORDS: Record<string, { status?: (typeof CASE_STATUSES)[number]; answered?: (typeof ANSWERED)[number] }> = {
  idé: { status: "idea" }, ide: { status: "idea" }, idea: { status: "idea" },
  utforskar: { status: "exploring" }, exploring: { status: "exploring" },
  pilot: { status: "pilot" },
  drift: { status: "production" }, "i-drift": { status: "production" }, production: { status: "production" },
  uppskalad: { status: "scaled" }, scaled: { status: "scaled" },
  pausad: { status: "paused" }, paused: { status: "paused" },
  avslutad: { status: "ended" }, ended: { status: "ended" },
  löst: { answered: "solved" }, lost: { answered: "solved" }, besvarad: { answered: "solved" }, solved: { answered: "solved" },
  olöst: { answered: "unsolved" }, unsolved: { answered: "unsolved" },
  obesvarad: { answered: "unanswered" }, unanswered: { answered: "unanswered" },
};
