import { z } from "zod";
import { ORG_KINDS, ORG_ROLES } from "./types";

const email = z.string({ required_error: "form.required" }).trim().min(1).max(254).email();
export const roleField = z.enum(ORG_ROLES as [string, ...string[]], { errorMap: () => ({ message: "orgs:errors.role" }) }) as z.ZodType<
  "member" | "ambassador" | "moderator" | "admin"
>;

export const inviteSchema = z.object({ email, role: roleField });
export const changeRoleSchema = z.object({ userId: z.string().regex(/^\d{1,18}$/), role: roleField });
export const memberSchema = z.object({ userId: z.string().regex(/^\d{1,18}$/) });
export const invitationIdSchema = z.object({ invitationId: z.string().regex(/^\d{1,18}$/) });

const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Domains typed one per line, or separated by commas/spaces; lower-cased, without "@". */
export const domainsField = z
  .string()
  .max(2000)
  .transform((s) => [...new Set(s.split(/[\s,;]+/).map((d) => d.trim().toLowerCase().replace(/^@/, "")).filter(Boolean))])
  .refine((ds) => ds.every((d) => DOMAIN.test(d)), "orgs:errors.domains")
  .refine((ds) => ds.length <= 20, "orgs:errors.domains");

export const organisationSchema = z.object({
  name: z.string().trim().min(1).max(120),
  slug: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "orgs:errors.slug"),
  kind: z.enum(ORG_KINDS as [string, ...string[]], { errorMap: () => ({ message: "orgs:errors.kind" }) }) as z.ZodType<
    "region" | "municipality" | "agency" | "company" | "research_institute"
  >,
  domains: domainsField,
  description: z.string().trim().max(2000).default(""),
});

export const networkRoleSchema = z.object({
  userId: z.string().regex(/^\d{1,18}$/),
  networkRole: z.enum(["none", "moderator", "admin"], { errorMap: () => ({ message: "orgs:errors.networkRole" }) }),
});
export const deactivateSchema = z.object({ userId: z.string().regex(/^\d{1,18}$/), deactivate: z.enum(["1", "0"]) });
