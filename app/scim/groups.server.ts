import type { Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";
import type { DomainCtx } from "../lib/ctx.server";
import { recordAudit } from "../moderation/audit.server";
import type { AuditAction } from "../moderation/audit-actions";
import { addMembership, findMembership } from "../orgs/orgs.repo.server";
import type { OrgRole } from "../orgs/types";
import {
  addMembers, countGroups, deleteGroup, findGroup, findGroupBy, groupKeysOf, insertGroup, listGroups, memberIds, provisionedAmong,
  removeMembers, roleMapsOf, updateGroup, type GroupRow,
} from "./groups.repo.server";
import { isScimInactive } from "./scim.repo.server";
import { GROUP_SCHEMA, LIST_SCHEMA, groupMembersValue, parseGroupFilter, patchSchema, scimGroupSchema } from "./schemas";
import { scimError, type ScimResponse } from "./users.server";

// SCIM 2.0 /Groups (Entra ID's group provisioning). A group carries a role when its display name
// or external id (Entra's object id) is a line of the organisation's provider role mapping — the
// same mapping the sign-in claims use. A change to such a group re-applies its members' roles at
// once; groups nobody mapped change no role (so claim-based roles are never reset by them).

type Tx = DB | Transaction<Database>;
const RANK: Record<OrgRole, number> = { member: 1, ambassador: 2, moderator: 3, admin: 4 };

async function mappings(trx: Tx, orgId: string) {
  const maps = await roleMapsOf(trx, orgId);
  return { maps: maps.map((m) => m.role_map as Record<string, OrgRole>), fallback: (maps[0]?.default_role as OrgRole | undefined) ?? "member" };
}
const isMapped = (maps: Record<string, OrgRole>[], g: Pick<GroupRow, "display_name" | "external_id">) =>
  maps.some((m) => Boolean(m[g.display_name] || (g.external_id && m[g.external_id])));

/** The highest role the person's SCIM groups map to in the organisation, or null when none does. */
export async function scimGroupRole(trx: Tx, orgId: string, userId: string): Promise<OrgRole | null> {
  const keys = await groupKeysOf(trx, orgId, userId);
  if (!keys.length) return null;
  const { maps } = await mappings(trx, orgId);
  let best: OrgRole | null = null;
  for (const m of maps) for (const k of keys) if (m[k] && (!best || RANK[m[k]] > RANK[best])) best = m[k];
  return best;
}

/** Sets the role of each (active, still a member) person from their groups; audited when it changes. */
async function reapplyRoles(trx: Tx, orgId: string, userIds: string[]) {
  const { fallback } = await mappings(trx, orgId);
  for (const userId of userIds) {
    const before = await findMembership(trx, orgId, userId);
    if (!before || (await isScimInactive(trx, orgId, userId))) continue;
    const role = (await scimGroupRole(trx, orgId, userId)) ?? fallback;
    if (role === before.role) continue;
    await addMembership(trx, orgId, userId, role);
    await audit(trx, orgId, "scim.role_applied", `${orgId}:${userId}`, { from: before.role, to: role });
  }
}

const audit = (trx: Tx, orgId: string, action: AuditAction, targetId: string, details: Record<string, unknown> = {}) =>
  recordAudit(trx, { actorId: null, action, targetType: action === "scim.role_applied" ? "membership" : "scim_group", targetId, orgId, details: { via: "scim", ...details } });

async function resource(db: Tx, g: GroupRow, baseUrl: string, withMembers = true) {
  const members = withMembers ? (await memberIds(db, g.id)).map((id) => ({ value: id, $ref: `${baseUrl}/Users/${id}` })) : undefined;
  return {
    schemas: [GROUP_SCHEMA], id: g.id, externalId: g.external_id || undefined, displayName: g.display_name, ...(members ? { members } : {}),
    meta: { resourceType: "Group", created: g.created_at.toISOString(), lastModified: g.updated_at.toISOString(), location: `${baseUrl}/Groups/${g.id}` },
  };
}

const issues = (e: { issues: { path: (string | number)[]; message: string }[] }) => e.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");

/** Members must be provisioned people of this organisation: another organisation's ids are refused. */
async function checkMembers(trx: Tx, orgId: string, ids: string[]): Promise<string | null> {
  const known = await provisionedAmong(trx, orgId, ids);
  const unknown = ids.filter((id) => !known.has(id));
  return unknown.length ? `Unknown member(s): ${unknown.slice(0, 5).join(", ")}` : null;
}

/** The SCIM client: one page of the organisation's groups, or those matching the filter. */
export async function listScimGroups(ctx: DomainCtx, orgId: string, q: { filter: string | null; startIndex: number; count: number; baseUrl: string; excluded: string | null }): Promise<ScimResponse> {
  const f = parseGroupFilter(q.filter);
  if (f === "invalid") return scimError(400, "Only 'displayName eq \"…\"' and 'externalId eq \"…\"' filters are supported", "invalidFilter");
  const withMembers = !(q.excluded ?? "").toLowerCase().split(",").map((s) => s.trim()).includes("members");
  const start = Math.max(q.startIndex, 1);
  const rows = f ? [await findGroupBy(ctx.db, orgId, f.attr, f.value)].filter((g): g is GroupRow => Boolean(g)) : await listGroups(ctx.db, orgId, start - 1, Math.min(Math.max(q.count, 0), 200));
  const total = f ? rows.length : await countGroups(ctx.db, orgId);
  const Resources = await Promise.all(rows.map((g) => resource(ctx.db, g, q.baseUrl, withMembers)));
  return { status: 200, body: { schemas: [LIST_SCHEMA], totalResults: total, startIndex: start, itemsPerPage: rows.length, Resources } };
}

/** The SCIM client: one group of its organisation, or a SCIM 404. */
export async function getScimGroup(ctx: DomainCtx, orgId: string, id: string, baseUrl: string): Promise<ScimResponse> {
  const g = /^\d{1,18}$/.test(id) ? await findGroup(ctx.db, orgId, id) : undefined;
  return g ? { status: 200, body: await resource(ctx.db, g, baseUrl) } : scimError(404, "Group not found");
}

/** The SCIM client: creates a group with its members; mapped roles apply at once. Audited. */
export async function createScimGroup(ctx: DomainCtx, orgId: string, body: unknown, baseUrl: string): Promise<ScimResponse> {
  const parsed = scimGroupSchema.safeParse(body);
  if (!parsed.success) return scimError(400, issues(parsed.error), "invalidValue");
  const b = parsed.data;
  if (await findGroupBy(ctx.db, orgId, "displayName", b.displayName)) return scimError(409, "displayName already exists", "uniqueness");
  const ids = [...new Set((b.members ?? []).map((m) => m.value))];
  return ctx.db.transaction().execute(async (trx) => {
    const bad = await checkMembers(trx, orgId, ids);
    if (bad) return scimError(400, bad, "invalidValue");
    const id = await insertGroup(trx, { orgId, externalId: b.externalId ?? "", displayName: b.displayName });
    await addMembers(trx, id, ids);
    await audit(trx, orgId, "scim.group_created", id, { displayName: b.displayName, members: ids.length });
    const g = (await findGroup(trx, orgId, id))!;
    if (isMapped((await mappings(trx, orgId)).maps, g)) await reapplyRoles(trx, orgId, ids);
    return { status: 201, body: await resource(trx, g, baseUrl) };
  });
}

type GroupChange = { displayName?: string; externalId?: string; add: string[]; remove: string[] | "all"; replace?: string[] };

function changeFromOps(ops: { op: string; path?: string; value?: unknown }[]): GroupChange | string {
  const c: GroupChange = { add: [], remove: [] };
  const ids = (v: unknown) => {
    const r = groupMembersValue.safeParse(Array.isArray(v) ? v : v === undefined ? [] : [v]);
    return r.success ? r.data.map((m) => m.value) : null;
  };
  for (const o of ops) {
    const path = (o.path ?? "").trim();
    const filtered = /^members\[\s*value\s+eq\s+"(\d{1,18})"\s*\]$/i.exec(path);
    if (filtered && o.op === "remove") {
      if (c.remove !== "all") c.remove.push(filtered[1]);
    } else if (/^members$/i.test(path)) {
      const v = ids(o.value);
      if (!v) return "members must be a list of {\"value\": \"<user id>\"}";
      if (o.op === "add") c.add.push(...v);
      else if (o.op === "replace") c.replace = v;
      else if (o.value === undefined) c.remove = "all";
      else if (c.remove !== "all") c.remove.push(...v);
    } else if (/^displayName$/i.test(path) && o.op !== "remove" && typeof o.value === "string" && o.value.trim()) c.displayName = o.value.trim().slice(0, 256);
    else if (/^externalId$/i.test(path) && typeof o.value === "string") c.externalId = o.value.slice(0, 200);
    else if (!path && o.value && typeof o.value === "object" && !Array.isArray(o.value)) {
      const v = o.value as Record<string, unknown>;
      if (typeof v.displayName === "string" && v.displayName.trim()) c.displayName = v.displayName.trim().slice(0, 256);
      if (typeof v.externalId === "string") c.externalId = v.externalId.slice(0, 200);
      if (v.members !== undefined) {
        const m = ids(v.members);
        if (!m) return "members must be a list of {\"value\": \"<user id>\"}";
        if (o.op === "add") c.add.push(...m);
        else c.replace = m;
      }
    } else return `unsupported operation: ${o.op} ${path || "(no path)"}`;
  }
  return c;
}

/** The SCIM client: PATCH a group (Entra adds/removes members and renames this way). Roles re-applied. Audited. */
export async function patchScimGroup(ctx: DomainCtx, orgId: string, id: string, body: unknown): Promise<ScimResponse> {
  const g = /^\d{1,18}$/.test(id) ? await findGroup(ctx.db, orgId, id) : undefined;
  if (!g) return scimError(404, "Group not found");
  const parsed = patchSchema.safeParse(body);
  if (!parsed.success) return scimError(400, issues(parsed.error), "invalidSyntax");
  const c = changeFromOps(parsed.data.Operations);
  if (typeof c === "string") return scimError(400, c, "invalidValue");
  return ctx.db.transaction().execute(async (trx) => {
    const bad = await checkMembers(trx, orgId, [...c.add, ...(c.replace ?? [])]);
    if (bad) return scimError(400, bad, "invalidValue");
    if (c.displayName && c.displayName.toLowerCase() !== g.display_name.toLowerCase() && (await findGroupBy(trx, orgId, "displayName", c.displayName))) {
      return scimError(409, "displayName already exists", "uniqueness");
    }
    const before = await memberIds(trx, id);
    if (c.replace) await removeMembers(trx, id, "all");
    await removeMembers(trx, id, c.remove);
    await addMembers(trx, id, [...new Set([...(c.replace ?? []), ...c.add])]);
    await updateGroup(trx, id, { displayName: c.displayName, externalId: c.externalId }, ctx.now);
    const after = await memberIds(trx, id);
    const added = after.filter((u) => !before.includes(u));
    const removed = before.filter((u) => !after.includes(u));
    await audit(trx, orgId, "scim.group_updated", id, { added: added.length, removed: removed.length, ...(c.displayName ? { displayName: c.displayName } : {}) });
    const now = (await findGroup(trx, orgId, id))!;
    const { maps } = await mappings(trx, orgId);
    // Renaming can make a group mapped or unmapped: then everyone in it is affected.
    const affected = isMapped(maps, g) !== isMapped(maps, now) ? [...new Set([...before, ...after])] : isMapped(maps, now) ? [...added, ...removed] : [];
    await reapplyRoles(trx, orgId, affected);
    return { status: 204, body: null };
  });
}

/** The SCIM client: deletes a group; its members' mapped roles are re-applied without it. Audited. */
export async function deleteScimGroup(ctx: DomainCtx, orgId: string, id: string): Promise<ScimResponse> {
  const g = /^\d{1,18}$/.test(id) ? await findGroup(ctx.db, orgId, id) : undefined;
  if (!g) return scimError(404, "Group not found");
  await ctx.db.transaction().execute(async (trx) => {
    const members = await memberIds(trx, id);
    await deleteGroup(trx, id);
    await audit(trx, orgId, "scim.group_deleted", id, { displayName: g.display_name, members: members.length });
    if (isMapped((await mappings(trx, orgId)).maps, g)) await reapplyRoles(trx, orgId, members);
  });
  return { status: 204, body: null };
}
