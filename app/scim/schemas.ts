import { z } from "zod";

// SCIM 2.0 bodies (RFC 7643/7644) as Entra ID's provisioning service sends them.

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

/** Entra sends booleans as true/false or as the strings "True"/"False". */
export const scimBool = z.union([z.boolean(), z.enum(["True", "False", "true", "false"]).transform((v) => v.toLowerCase() === "true")]);

export const scimUserSchema = z
  .object({
    schemas: z.array(z.string()).refine((s) => s.includes(USER_SCHEMA), "schemas must include the core User schema"),
    userName: z.string().trim().min(3).max(254),
    externalId: z.string().max(200).optional(),
    active: scimBool.optional(),
    displayName: z.string().max(200).optional(),
    name: z.object({ formatted: z.string().max(200).optional(), givenName: z.string().max(100).optional(), familyName: z.string().max(100).optional() }).partial().optional(),
    emails: z.array(z.object({ value: z.string().max(254), primary: scimBool.optional(), type: z.string().optional() })).max(10).optional(),
  })
  .passthrough();

export const patchSchema = z.object({
  schemas: z.array(z.string()).refine((s) => s.includes(PATCH_SCHEMA), "schemas must include the PatchOp schema"),
  Operations: z
    .array(z.object({ op: z.string().transform((s) => s.toLowerCase()).pipe(z.enum(["add", "replace", "remove"])), path: z.string().max(200).optional(), value: z.unknown().optional() }))
    .min(1)
    .max(50),
});

/** The one filter Entra uses: userName eq "…" (or externalId eq "…"). */
export function parseFilter(filter: string | null): { attr: "userName" | "externalId"; value: string } | null | "invalid" {
  if (filter === null || filter.trim() === "") return null;
  const m = /^\s*(userName|externalId)\s+eq\s+"((?:[^"\\]|\\.){1,254})"\s*$/i.exec(filter);
  if (!m) return "invalid";
  return { attr: m[1].toLowerCase() === "username" ? "userName" : "externalId", value: m[2].replace(/\\(.)/g, "$1") };
}

const memberRefs = z.array(z.object({ value: z.string().regex(/^\d{1,18}$/, "member values are user ids") }).passthrough()).max(1000);

export const scimGroupSchema = z
  .object({
    schemas: z.array(z.string()).refine((s) => s.includes(GROUP_SCHEMA), "schemas must include the core Group schema"),
    displayName: z.string().trim().min(1).max(256),
    externalId: z.string().max(200).optional(),
    members: memberRefs.optional(),
  })
  .passthrough();

export const groupMembersValue = memberRefs;

/** Group filters Entra uses: displayName eq "…" (or externalId eq "…"). */
export function parseGroupFilter(filter: string | null): { attr: "displayName" | "externalId"; value: string } | null | "invalid" {
  if (filter === null || filter.trim() === "") return null;
  const m = /^\s*(displayName|externalId)\s+eq\s+"((?:[^"\\]|\\.){1,256})"\s*$/i.exec(filter);
  if (!m) return "invalid";
  return { attr: m[1].toLowerCase() === "displayname" ? "displayName" : "externalId", value: m[2].replace(/\\(.)/g, "$1") };
}
