import { z } from "zod";

/** The defect-report form on /tillganglighet (anyone, signed in or not). */
export const accessibilityReportSchema = z.object({
  description: z.string().trim().min(1, "ux:report.errors.describe").max(4000),
  page: z.string().trim().max(500).optional().default(""),
  name: z.string().trim().max(120).optional().default(""),
  email: z.union([z.literal(""), z.string().trim().max(200).email()]).optional().default(""),
});
export type AccessibilityReportInput = z.infer<typeof accessibilityReportSchema>;
