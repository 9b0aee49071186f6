import { z } from "zod";

export const ALERTS = ["off", "inapp", "digest"] as const;
export type Alert = (typeof ALERTS)[number];
export const NAME_MAX = 80;

const name = z.string().transform((s) => s.trim()).pipe(
  z.string().min(1, "saved:error.nameRequired").max(NAME_MAX, "saved:error.nameTooLong"),
);
const id = z.string().regex(/^\d{1,18}$/, "saved:error.notFound");

/** Saving the search shown on /search: its name and its canonical query string (a hidden field). */
export const saveSearchSchema = z.object({
  name,
  query: z.string().max(12_000, "saved:error.query"),
  alert: z.preprocess((v) => (v === undefined || v === "" ? "off" : v), z.enum(ALERTS, { errorMap: () => ({ message: "saved:error.alert" }) })),
});
export const renameSchema = z.object({ id, name });
export const alertSchema = z.object({ id, alert: z.enum(ALERTS, { errorMap: () => ({ message: "saved:error.alert" }) }) });
export const deleteSchema = z.object({ id, confirm: z.literal("1", { errorMap: () => ({ message: "saved:error.confirm" }) }) });
