import type { Transaction } from "kysely";
import type { Database } from "../../db/types";
import type { DomainCtx } from "../lib/ctx.server";
import { recordAudit } from "../moderation/audit.server";
import type { AuditAction } from "../moderation/audit-actions";
import { scimGroupRole } from "./groups.server";
import { createAccount } from "../auth/accounts.server";
import { addMembership, deleteMembership, findMembership, findOrgById } from "../orgs/orgs.repo.server";
import { deleteSessionsOf, findUserByEmail, setDeactivatedRow, setPrimaryOrg, findUserById } from "../orgs/people.repo.server";
import {
  countScimUsers, findScimUser, findScimUserByExternalId, findScimUserByName, insertScimUser, listScimUsers, setUserName, updateScimUser, type ScimRow,
} from "./scim.repo.server";
import { ERROR_SCHEMA, LIST_SCHEMA, parseFilter, patchSchema, scimBool, scimUserSchema, USER_SCHEMA } from "./schemas";

// SCIM 2.0 Users for one organisation (the bearer token's). Entra ID's provisioning service is
// the client: filter by userName, create, PATCH (active=false deactivates), PUT, DELETE.
// Deactivation removes the membership and ends the person's sessions at once; content stays.

export type ScimResponse = { status: number; body: unknown };
type Tx = Transaction<Database>;

export const scimError = (status: number, detail: string, scimType?: string): ScimResponse => ({
  status, body: { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail },
});

function resource(r: ScimRow, baseUrl: string) {
  return {
    schemas: [USER_SCHEMA], id: r.user_id, externalId: r.external_id || undefined, userName: r.user_name, active: r.active,
    displayName: r.name, emails: [{ value: r.email, primary: true, type: "work" }],
    meta: { resourceType: "User", created: r.created_at.toISOString(), lastModified: r.updated_at.toISOString(), location: `${baseUrl}/Users/${r.user_id}` },
  };
}

const audit = (trx: Tx, orgId: string, action: AuditAction, userId: string, details: Record<string, unknown> = {}) =>
  recordAudit(trx, { actorId: null, action, targetType: "membership", targetId: `${orgId}:${userId}`, orgId, details: { via: "scim", ...details } });

/** The SCIM client of an organisation: one page of its provisioned people, or those matching the filter. */
export async function listUsers(ctx: DomainCtx, orgId: string, q: { filter: string | null; startIndex: number; count: number; baseUrl: string }): Promise<ScimResponse> {
  const f = parseFilter(q.filter);
  if (f === "invalid") return scimError(400, "Only 'userName eq \"…\"' and 'externalId eq \"…\"' filters are supported", "invalidFilter");
  const count = Math.min(Math.max(q.count, 0), 200);
  const start = Math.max(q.startIndex, 1);
  let rows: ScimRow[];
  let total: number;
  if (f) {
    const one = f.attr === "userName" ? await findScimUserByName(ctx.db, orgId, f.value) : await findScimUserByExternalId(ctx.db, orgId, f.value);
    rows = one ? [one] : [];
    total = rows.length;
  } else {
    rows = await listScimUsers(ctx.db, orgId, start - 1, count);
    total = await countScimUsers(ctx.db, orgId);
  }
  return { status: 200, body: { schemas: [LIST_SCHEMA], totalResults: total, startIndex: start, itemsPerPage: rows.length, Resources: rows.map((r) => resource(r, q.baseUrl)) } };
}

/** The SCIM client: one provisioned person of its organisation, or a SCIM 404. */
export async function getUser(ctx: DomainCtx, orgId: string, id: string, baseUrl: string): Promise<ScimResponse> {
  const r = /^\d{1,18}$/.test(id) ? await findScimUser(ctx.db, orgId, id) : undefined;
  return r ? { status: 200, body: resource(r, baseUrl) } : scimError(404, "User not found");
}

function displayNameOf(b: { displayName?: string; name?: { formatted?: string; givenName?: string; familyName?: string } }, fallback: string) {
  return (b.displayName || b.name?.formatted || [b.name?.givenName, b.name?.familyName].filter(Boolean).join(" ") || fallback).slice(0, 120);
}

/** The SCIM client: creates (or links, for an existing account at the organisation's domain) a person with a membership. Audited. */
export async function createUser(ctx: DomainCtx, orgId: string, body: unknown, baseUrl: string): Promise<ScimResponse> {
  const parsed = scimUserSchema.safeParse(body);
  if (!parsed.success) return scimError(400, parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "), "invalidValue");
  const b = parsed.data;
  const email = (b.emails?.find((e) => e.primary)?.value ?? b.emails?.[0]?.value ?? b.userName).trim();
  const org = await findOrgById(ctx.db, orgId);
  const domain = email.split("@").pop()?.toLowerCase() ?? "";
  if (!org || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) || !org.email_domains.includes(domain)) {
    return scimError(400, "The user's email must be at one of the organisation's domains", "invalidValue");
  }
  if (await findScimUserByName(ctx.db, orgId, b.userName)) return scimError(409, "userName already exists", "uniqueness");
  const active = b.active ?? true;
  const userId = await ctx.db.transaction().execute(async (trx) => {
    const existing = await findUserByEmail(trx, email);
    const id = existing
      ? existing.id
      : (await createAccount(trx, { email, name: displayNameOf(b, email.split("@")[0]), passwordHash: null, orgId, role: "member", locale: null })).id;
    if (existing && active) await addMembershipKeepingRole(trx, orgId, id);
    await insertScimUser(trx, { orgId, userId: id, externalId: b.externalId ?? "", userName: b.userName, active, role: "member" });
    if (!active) await deactivate(trx, orgId, id);
    await audit(trx, orgId, existing ? "scim.user_linked" : "scim.user_created", id, { userName: b.userName, active });
    return id;
  });
  return { status: 201, body: resource((await findScimUser(ctx.db, orgId, userId))!, baseUrl) };
}

async function addMembershipKeepingRole(trx: Tx, orgId: string, userId: string) {
  if (!(await findMembership(trx, orgId, userId))) await addMembership(trx, orgId, userId, "member");
}

/** Removes the membership and ends every session now; with no membership left the account is deactivated. */
async function deactivate(trx: Tx, orgId: string, userId: string) {
  const remaining = await deleteMembership(trx, orgId, userId);
  await deleteSessionsOf(trx, userId);
  const person = await findUserById(trx, userId);
  if (person?.primary_org_id === orgId) await setPrimaryOrg(trx, userId, remaining[0] ?? null);
  if (remaining.length === 0) await setDeactivatedRow(trx, userId, new Date());
}

async function reactivate(trx: Tx, orgId: string, userId: string) {
  await addMembershipKeepingRole(trx, orgId, userId);
  // Group memberships outlive a deactivation: a mapped group's role comes back with the person.
  const fromGroups = await scimGroupRole(trx, orgId, userId);
  if (fromGroups) await addMembership(trx, orgId, userId, fromGroups);
  const person = await findUserById(trx, userId);
  if (person?.deactivated_at) await setDeactivatedRow(trx, userId, null);
  if (!person?.primary_org_id) await setPrimaryOrg(trx, userId, orgId);
}

type Change = { active?: boolean; externalId?: string; userName?: string; displayName?: string };

/** Applies a change set to one person (inside a transaction), with the audit entry. */
async function applyChange(ctx: DomainCtx, orgId: string, current: ScimRow, c: Change) {
  await ctx.db.transaction().execute(async (trx) => {
    await updateScimUser(trx, orgId, current.user_id, c, ctx.now);
    if (c.displayName) await setUserName(trx, current.user_id, c.displayName.slice(0, 120));
    if (c.active === false && current.active) {
      await deactivate(trx, orgId, current.user_id);
      await audit(trx, orgId, "scim.user_deactivated", current.user_id);
    } else if (c.active === true && !current.active) {
      await reactivate(trx, orgId, current.user_id);
      await audit(trx, orgId, "scim.user_reactivated", current.user_id);
    }
    const rest = Object.keys(c).filter((k) => k !== "active");
    if (rest.length) await audit(trx, orgId, "scim.user_updated", current.user_id, { fields: rest });
  });
}

function changeFromPatch(ops: { op: string; path?: string; value?: unknown }[]): Change | string {
  const c: Change = {};
  const set = (path: string, value: unknown): string | null => {
    const p = path.toLowerCase();
    if (p === "active") {
      const b = scimBool.safeParse(value);
      if (!b.success) return "active must be a boolean";
      c.active = b.data;
    } else if (p === "externalid" && typeof value === "string") c.externalId = value.slice(0, 200);
    else if (p === "username" && typeof value === "string") c.userName = value.slice(0, 254);
    else if ((p === "displayname" || p === "name.formatted") && typeof value === "string") c.displayName = value;
    // Other attributes (title, department, addresses …) are accepted and ignored.
    return null;
  };
  for (const o of ops) {
    if (o.op === "remove") continue;
    if (o.path) {
      const err = set(o.path, o.value);
      if (err) return err;
    } else if (o.value && typeof o.value === "object") {
      for (const [k, v] of Object.entries(o.value as Record<string, unknown>)) {
        const err = set(k, v);
        if (err) return err;
      }
    } else return "an operation without a path needs an object value";
  }
  return c;
}

/** The SCIM client: PATCH (RFC 7644 3.5.2), e.g. Entra's {"op":"Replace","path":"active","value":"False"}. Audited. */
export async function patchUser(ctx: DomainCtx, orgId: string, id: string, body: unknown, baseUrl: string): Promise<ScimResponse> {
  const current = /^\d{1,18}$/.test(id) ? await findScimUser(ctx.db, orgId, id) : undefined;
  if (!current) return scimError(404, "User not found");
  const parsed = patchSchema.safeParse(body);
  if (!parsed.success) return scimError(400, parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "), "invalidSyntax");
  const c = changeFromPatch(parsed.data.Operations);
  if (typeof c === "string") return scimError(400, c, "invalidValue");
  await applyChange(ctx, orgId, current, c);
  return getUser(ctx, orgId, id, baseUrl);
}

/** The SCIM client: PUT replaces the attributes we keep. Audited. */
export async function replaceUser(ctx: DomainCtx, orgId: string, id: string, body: unknown, baseUrl: string): Promise<ScimResponse> {
  const current = /^\d{1,18}$/.test(id) ? await findScimUser(ctx.db, orgId, id) : undefined;
  if (!current) return scimError(404, "User not found");
  const parsed = scimUserSchema.safeParse(body);
  if (!parsed.success) return scimError(400, parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "), "invalidValue");
  const b = parsed.data;
  await applyChange(ctx, orgId, current, { userName: b.userName, externalId: b.externalId, active: b.active ?? true, displayName: displayNameOf(b, current.name) });
  return getUser(ctx, orgId, id, baseUrl);
}

/** The SCIM client: DELETE deactivates (the person's posts are public records and stay). Audited. */
export async function deleteUser(ctx: DomainCtx, orgId: string, id: string): Promise<ScimResponse> {
  const current = /^\d{1,18}$/.test(id) ? await findScimUser(ctx.db, orgId, id) : undefined;
  if (!current) return scimError(404, "User not found");
  await applyChange(ctx, orgId, current, { active: false });
  return { status: 204, body: null };
}
