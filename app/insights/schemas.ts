import { z } from "zod";
import { AREAS } from "../cases/constants";

// The dashboard's filters. Unlike list pages (which drop unknown values), a wrong filter here is
// a 400 with the filter marked: a figure for a period or organisation other than the one asked
// for would be misread in a report.
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "insights:errors.month" });
export const MAX_MONTHS = 60;

export const PANELS = [
  "cases-area-status", "cases-new", "cases-evaluated", "cases-review", "cases-pilot",
  "reuse-matrix", "reuse-top", "reuse-funnel",
  "questions-month", "questions-times", "questions-unanswered", "questions-crossorg",
  "search-top", "search-gaps", "search-asked", "health",
] as const;
export type Panel = (typeof PANELS)[number];

export const filterSchema = z
  .object({
    from: month,
    to: month,
    org: z.string().trim().max(80).regex(/^[a-z0-9-]*$/, { message: "insights:errors.org" }).default(""),
    area: z.union([z.literal(""), z.enum(AREAS, { message: "insights:errors.area" })]).default(""),
  })
  .superRefine((v, ctx) => {
    if (v.from > v.to) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["to"], message: "insights:errors.order" });
    else if (monthsBetween(v.from, v.to) > MAX_MONTHS) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["from"], message: "insights:errors.tooLong" });
  });
export type FilterInput = z.infer<typeof filterSchema>;

export const monthsBetween = (from: string, to: string) => {
  const [fy, fm] = from.split("-").map(Number);
  const [ty, tm] = to.split("-").map(Number);
  return (ty - fy) * 12 + (tm - fm) + 1;
};

/** "YYYY-MM" of a date in Stockholm. */
export function monthOf(d: Date): string {
  const p = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Stockholm", year: "numeric", month: "2-digit" }).formatToParts(d);
  return `${p.find((x) => x.type === "year")!.value}-${p.find((x) => x.type === "month")!.value}`;
}

export function addMonths(m: string, n: number): string {
  const [y, mo] = m.split("-").map(Number);
  const i = y * 12 + (mo - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}

/** Every month from `from` to `to`, inclusive. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length <= MAX_MONTHS; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** The last twelve months up to and including this one. */
export const defaultPeriod = (now: Date) => ({ from: addMonths(monthOf(now), -11), to: monthOf(now) });
