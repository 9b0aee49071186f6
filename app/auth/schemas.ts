import { z } from "zod";
import { newPasswordField } from "./password-policy.server";

const email = z.string({ required_error: "form.required" }).trim().min(1).max(254).email();
const name = z.string({ required_error: "form.required" }).trim().min(1).max(100);

export const signupSchema = z.object({ email, name, password: newPasswordField });
export const resetRequestSchema = z.object({ email });
export const resetSchema = z.object({ password: newPasswordField });
export const acceptNewSchema = z.object({ name, password: newPasswordField });
export const acceptExistingSchema = z.object({ password: z.string().min(1).max(128) });

export const settingsSchema = z.object({
  name,
  title: z.string().trim().max(120).default(""),
  locale: z.enum(["", "sv", "en"], { errorMap: () => ({ message: "form.invalid" }) }).transform((l) => (l === "" ? null : l)),
  primaryOrgId: z.string().regex(/^\d{1,18}$/, "form.invalid"),
});
export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1).max(128),
  newPassword: newPasswordField,
});
export const sessionIdSchema = z.object({ sessionId: z.string().regex(/^[0-9a-f]{64}$/) });
