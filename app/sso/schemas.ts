import { z } from "zod";

const ROLE = z.enum(["member", "ambassador", "moderator", "admin"]);
const checkbox = z.preprocess((v) => v === "on" || v === "1" || v === "true" || v === true, z.boolean());

/** "value = role" lines: a group id or app-role name from the token, then the organisation role. */
const roleMapText = z
  .string()
  .max(10_000)
  .default("")
  .transform((s, ctx) => {
    const out: Record<string, z.infer<typeof ROLE>> = {};
    for (const raw of s.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line) continue;
      const m = /^(.{1,200}?)\s*=\s*(member|ambassador|moderator|admin)$/.exec(line);
      if (!m) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "sso:errors.roleMapLine" });
        return z.NEVER;
      }
      out[m[1]] = m[2] as z.infer<typeof ROLE>;
    }
    return out;
  });

/** "tenant-id = organisation-slug" lines. */
const tenantText = z
  .string()
  .max(10_000)
  .default("")
  .transform((s, ctx) => {
    const out: { tenantId: string; orgSlug: string }[] = [];
    for (const raw of s.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line) continue;
      const m = /^([A-Za-z0-9._-]{1,100})\s*=\s*([a-z0-9-]{1,60})$/.exec(line);
      if (!m) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "sso:errors.tenantLine" });
        return z.NEVER;
      }
      out.push({ tenantId: m[1], orgSlug: m[2] });
    }
    return out;
  });

const httpsUrl = z
  .string()
  .trim()
  .max(500)
  .url("sso:errors.url")
  .refine((u) => /^https:\/\//.test(u) || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(u), "sso:errors.https");

export const providerSchema = z
  .object({
    slug: z.string().trim().min(2).max(60).regex(/^[a-z0-9-]+$/, "sso:errors.slug"),
    orgSlug: z.string().trim().min(1).max(60),
    protocol: z.enum(["oidc", "saml"]),
    displayName: z.string().trim().min(1).max(120),
    enabled: checkbox,
    issuer: z.union([httpsUrl, z.literal("")]).default(""),
    clientId: z.string().trim().max(300).default(""),
    clientSecret: z.string().max(2000).default(""),
    samlEntityId: z.string().trim().max(500).default(""),
    samlSsoUrl: z.union([httpsUrl, z.literal("")]).default(""),
    samlCert: z.string().trim().max(20_000).default(""),
    roleClaim: z.string().trim().min(1).max(100).regex(/^[\w.:/-]+$/, "sso:errors.claim").default("groups"),
    roleMap: roleMapText,
    defaultRole: ROLE.default("member"),
    domainFallback: checkbox,
    tenants: tenantText,
  })
  .superRefine((v, ctx) => {
    if (v.protocol === "oidc") {
      if (!v.issuer) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["issuer"], message: "form.required" });
      if (!v.clientId) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["clientId"], message: "form.required" });
    } else {
      if (!v.samlEntityId) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["samlEntityId"], message: "form.required" });
      if (!v.samlSsoUrl) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["samlSsoUrl"], message: "form.required" });
      if (!/-----BEGIN CERTIFICATE-----/.test(v.samlCert)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["samlCert"], message: "sso:errors.cert" });
    }
  });

export type ProviderInput = z.infer<typeof providerSchema>;

export const requireSsoSchema = z.object({ orgSlug: z.string().trim().min(1).max(60), requireSso: checkbox });
export const scimTokenSchema = z.object({ orgSlug: z.string().trim().min(1).max(60), label: z.string().trim().max(100).default("") });
export const revokeTokenSchema = z.object({ tokenId: z.string().regex(/^\d{1,18}$/) });
