import { z } from "zod";
import { CADENCES, MAIL_KINDS } from "../mail/types";

/** The mail settings form: one `mail.<kind>` field per kind, each a cadence. Field errors are i18n keys. */
export const mailSettingsSchema = z.object(
  Object.fromEntries(MAIL_KINDS.map((k) => [`mail.${k}`, z.enum(CADENCES, { errorMap: () => ({ message: "mail:settings.invalid" }) })])),
);
