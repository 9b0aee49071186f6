import { z } from "zod";
import { CASE_TEXT_FIELDS, FLAG_REASONS, TARGET_TYPES } from "./types";

const id = z.string().regex(/^\d{1,18}$/, "moderation:errors.unknownItem");
const targetType = z.enum(TARGET_TYPES as ["thread", "post", "case"], { message: "moderation:errors.unknownItem" });
const reason = z.string().trim().min(3).max(500);
const note = z.string().trim().min(3).max(1000);

export const flagSchema = z
  .object({
    targetType,
    targetId: id,
    reason: z.enum(FLAG_REASONS as ["personal_data", "inappropriate", "spam", "off_topic", "other"], { message: "moderation:errors.chooseReason" }),
    text: z.string().trim().max(1000).optional().default(""),
    redirectTo: z.string().optional(),
  })
  .refine((f) => f.reason !== "other" || f.text.length >= 3, { path: ["text"], message: "moderation:errors.describeOther" });

const base = { targetType, targetId: id, redirectTo: z.string().optional() };

/** Every moderator action posted to /mod/act, discriminated by `intent`. */
export const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("hide"), reason, ...base }),
  z.object({ intent: z.literal("restore"), ...base, reason: z.string().trim().max(500).optional().default("") }),
  z.object({ intent: z.literal("lock"), ...base, reason: z.string().trim().max(500).optional().default("") }),
  z.object({ intent: z.literal("unlock"), ...base }),
  z.object({ intent: z.literal("pin"), scope: z.string().trim().regex(/^(front|[a-z0-9][a-z0-9-]{0,79})$/, "moderation:errors.pinScope"), ...base }),
  z.object({ intent: z.literal("unpin"), ...base }),
  z.object({ intent: z.literal("retag"), tags: z.string().trim().max(500), reason: z.string().trim().max(500).optional().default(""), ...base }),
  z.object({ intent: z.literal("edit"), title: z.string().trim().max(200).optional(), field: z.enum(CASE_TEXT_FIELDS).optional(), body: z.string().trim().min(1).max(40000), reason, ...base }),
  z.object({ intent: z.literal("redact"), text: z.string().min(2).max(2000), reason, ...base }),
  z.object({ intent: z.literal("mark_best"), note, ...base }),
  z.object({ intent: z.literal("unmark_best"), ...base, reason: z.string().trim().max(500).optional().default("") }),
  z.object({ intent: z.literal("mark_outdated"), note, ...base }),
  z.object({ intent: z.literal("clear_outdated"), ...base }),
  z.object({ intent: z.literal("dismiss"), ...base, reason: z.string().trim().max(500).optional().default("") }),
  z.object({ intent: z.literal("request_review"), ...base, message: z.string().trim().max(1000).optional().default("") }),
  z.object({ intent: z.literal("dispose"), decisionRef: z.string().trim().min(3).max(200), ...base }),
]);
export type ModAction = z.infer<typeof actionSchema>;
export type ModIntent = ModAction["intent"];

export const logFilterSchema = z.object({
  actor: z.string().regex(/^\d{1,18}$/).optional().catch(undefined),
  org: z.string().regex(/^\d{1,18}$/).optional().catch(undefined),
  action: z.string().regex(/^[a-z_.]{1,60}$/).optional().catch(undefined),
  before: z.string().regex(/^\d{1,18}$/).optional().catch(undefined),
});
export type LogFilter = z.infer<typeof logFilterSchema>;
