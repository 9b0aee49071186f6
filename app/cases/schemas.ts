import { z } from "zod";
import {
  ADOPTION_STATUSES, AREAS, EVALUATED, LANGUAGES, LIMITS, RISKS, STATUSES, TECHNIQUES, VISIBILITY_CHOICES,
} from "./constants";
import { isIsoDate } from "./dates";

// Form schemas. Shape and format are checked on every save; what a published case must contain
// is checked separately (publishErrors) so drafts can be saved half-written.

const text = (max: number) => z.string().trim().max(max).default("");
const blankToUndefined = (v: unknown) => (v === "" || v == null ? undefined : v);
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blankToUndefined, z.enum(values, { message: "cases:errors.choose" }).optional());
const isoDate = z.preprocess(
  blankToUndefined,
  z.string().refine(isIsoDate, { message: "cases:errors.date" }).optional(),
);
const yesNo = z.preprocess(blankToUndefined, z.enum(["yes", "no"], { message: "cases:errors.choose" }).optional());
const id = z.string().regex(/^\d{1,18}$/, { message: "form.invalid" });
const ids = z.array(id).max(50).default([]);
const rows = z.array(z.string()).max(LIMITS.rows).default([]);

export const CASE_ARRAY_FIELDS = [
  "shared_org_ids", "partner_org_ids", "techniques", "tag_ids",
  "figure_label", "figure_value", "figure_unit", "link_label", "link_url",
];

export const caseFormSchema = z
  .object({
    intent: z.enum(["save", "publish"]).default("save"),
    org_id: id,
    visibility: z.enum(VISIBILITY_CHOICES, { message: "cases:errors.choose" }),
    shared_org_ids: ids,
    language: z.enum(LANGUAGES).default("sv"),
    title: z.string().trim().min(1, { message: "form.required" }).max(LIMITS.title),
    summary: text(LIMITS.summary),
    department: text(LIMITS.short),
    partner_org_ids: ids,
    suppliers: text(LIMITS.suppliers),
    area: choice(AREAS),
    techniques: z.array(z.enum(TECHNIQUES, { message: "cases:errors.choose" })).max(TECHNIQUES.length).default([]),
    tool: text(LIMITS.short),
    status: choice(STATUSES),
    start_date: isoDate,
    last_updated: isoDate,
    review_by: isoDate,
    problem: text(LIMITS.long),
    approach: text(LIMITS.long),
    outcomes: text(LIMITS.long),
    figure_label: rows,
    figure_value: rows,
    figure_unit: rows,
    evaluated: choice(EVALUATED),
    evaluation_method: text(LIMITS.medium),
    lessons: text(LIMITS.long),
    personal_data: yesNo,
    dpia_done: yesNo,
    ai_act_risk: choice(RISKS),
    info_classification: text(LIMITS.short),
    human_oversight: text(LIMITS.medium),
    data_used: text(LIMITS.medium),
    reuse_needs: text(LIMITS.long),
    contact_email: z.preprocess(blankToUndefined, z.string().trim().toLowerCase().email().max(254).optional()),
    functional_mailbox: z.preprocess(blankToUndefined, z.string().trim().email().max(254).optional()),
    tag_ids: ids,
    link_label: rows,
    link_url: rows,
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if (v.visibility === "shared" && v.shared_org_ids.length === 0) issue("shared_org_ids", "cases:errors.shareWithSome");
    if (v.start_date && v.last_updated && v.last_updated < v.start_date) issue("last_updated", "cases:errors.updatedBeforeStart");
    if (v.start_date && v.review_by && v.review_by <= v.start_date) issue("review_by", "cases:errors.reviewBeforeStart");
    if (v.partner_org_ids.includes(v.org_id)) issue("partner_org_ids", "cases:errors.partnerIsOwner");
    figures(v).forEach((f, i) => {
      if (!f.label && !f.value && !f.unit) return;
      if (!f.label) issue(`figure_${i}`, "cases:errors.figureLabel");
      else if (f.label.length > LIMITS.figureLabel || f.unit.length > LIMITS.figureUnit) issue(`figure_${i}`, "cases:errors.figureTooLong");
      else if (!/^-?\d{1,12}([.,]\d{1,4})?$/.test(f.value.replace(/\s/g, ""))) issue(`figure_${i}`, "cases:errors.figureValue");
    });
    links(v).forEach((l, i) => {
      if (!l.label && !l.url) return;
      if (!isHttpUrl(l.url)) issue(`link_${i}`, "cases:errors.linkUrl");
      else if (l.label.length > LIMITS.linkLabel) issue(`link_${i}`, "cases:errors.linkLabel");
    });
  });

export type CaseForm = z.infer<typeof caseFormSchema>;

export const figures = (v: Pick<CaseForm, "figure_label" | "figure_value" | "figure_unit">) =>
  v.figure_label.map((label, i) => ({ label: label.trim(), value: (v.figure_value[i] ?? "").trim(), unit: (v.figure_unit[i] ?? "").trim() }));
export const links = (v: Pick<CaseForm, "link_label" | "link_url">) =>
  v.link_url.map((url, i) => ({ label: (v.link_label[i] ?? "").trim(), url: url.trim() }));

export function isHttpUrl(s: string): boolean {
  if (s.length > LIMITS.url) return false;
  try {
    const u = new URL(s);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
}

export const adoptionFormSchema = z.object({
  org_id: id,
  status: z.enum(ADOPTION_STATUSES, { message: "cases:errors.choose" }),
  adopted_on: z.string().refine(isIsoDate, { message: "cases:errors.date" }),
  note: text(LIMITS.note),
  derived_case_id: z.preprocess(blankToUndefined, z.string().regex(/^\/?(?:cases\/)?\d{1,18}(?:-[\w-]*)?$|^https?:\/\/\S+\/cases\/\d{1,18}\S*$/, { message: "cases:errors.derivedCase" }).optional()),
});
export type AdoptionForm = z.infer<typeof adoptionFormSchema>;

/** The id in "123", "123-slug", "/cases/123-slug" or a full case URL. */
export const caseIdFromRef = (ref: string) => /(\d{1,18})(?:-[\w-]*)?\/?$/.exec(ref.replace(/[?#].*$/, ""))?.[1] ?? null;

// Unknown filter values are dropped one by one: a stale bookmark still lists something.
const pick = <T extends readonly string[]>(values: T) =>
  z.array(z.string()).max(50).catch([]).transform((a) => [...new Set(a)].filter((x): x is T[number] => (values as readonly string[]).includes(x)));
const idList = z.array(z.string()).max(50).catch([]).transform((a) => [...new Set(a)].filter((x) => /^\d{1,18}$/.test(x)));

export const listQuerySchema = z.object({
  area: pick(AREAS),
  status: pick(STATUSES),
  technique: pick(TECHNIQUES),
  org: idList,
  evaluated: pick(EVALUATED),
  risk: pick(RISKS),
  tag: idList,
  q: z.string().trim().max(200).catch(""),
  sort: z.enum(["updated", "adoptions"]).catch("updated"),
  page: z.coerce.number().int().min(1).max(1000).catch(1),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

/** Reads the list filters from a URL's query; unknown values are dropped, never an error. */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const arr = (k: string) => params.getAll(k).filter(Boolean);
  return listQuerySchema.parse({
    area: arr("area"), status: arr("status"), technique: arr("technique"), org: arr("org"),
    evaluated: arr("evaluated"), risk: arr("risk"), tag: arr("tag"),
    q: params.get("q") ?? "", sort: params.get("sort") ?? "updated", page: params.get("page") ?? 1,
  });
}
