import { z } from "zod";
import { COMMON_PASSWORDS } from "./common-passwords.server";

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

let common: Set<string> | null = null;
const commonSet = () => (common ??= new Set(COMMON_PASSWORDS.split("\n")));

/** True for a password on the common-passwords list, or one made of one or two repeated characters. */
export function isCommonPassword(password: string): boolean {
  const p = password.toLowerCase();
  return commonSet().has(p) || new Set(p).size <= 2;
}

/** Length 12–128, no composition rules, common passwords refused (NIST SP 800-63B). One message at a time. */
export const newPasswordField = z.string({ required_error: "form.required" }).superRefine((p, ctx) => {
  const problem = !p
    ? "form.required"
    : p.length < PASSWORD_MIN
      ? "account:password.tooShort"
      : p.length > PASSWORD_MAX
        ? "account:password.tooLong"
        : isCommonPassword(p)
          ? "account:password.common"
          : null;
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
});
