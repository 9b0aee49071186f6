import type { Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";

type Tx = DB | Transaction<Database>;

// SCIM groups of an organisation and their members (all Kysely for Groups lives here).

const cols = ["id", "external_id", "display_name", "created_at", "updated_at"] as const;
export type GroupRow = { id: string; external_id: string; display_name: string; created_at: Date; updated_at: Date };

export function findGroup(db: Tx, orgId: string, id: string) {
  return db.selectFrom("scim_groups").select(cols).where("org_id", "=", orgId).where("id", "=", id).executeTakeFirst();
}

export function findGroupBy(db: Tx, orgId: string, attr: "displayName" | "externalId", value: string) {
  const q = db.selectFrom("scim_groups").select(cols).where("org_id", "=", orgId);
  return (attr === "displayName" ? q.where((eb) => eb(eb.fn("lower", ["display_name"]), "=", value.toLowerCase())) : q.where("external_id", "=", value)).executeTakeFirst();
}

export function listGroups(db: Tx, orgId: string, offset: number, limit: number) {
  return db.selectFrom("scim_groups").select(cols).where("org_id", "=", orgId).orderBy("id").offset(offset).limit(limit).execute();
}

export async function countGroups(db: Tx, orgId: string): Promise<number> {
  const r = await db.selectFrom("scim_groups").select((eb) => eb.fn.countAll().as("n")).where("org_id", "=", orgId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertGroup(db: Tx, v: { orgId: string; externalId: string; displayName: string }): Promise<string> {
  const r = await db.insertInto("scim_groups").values({ org_id: v.orgId, external_id: v.externalId, display_name: v.displayName }).returning("id").executeTakeFirstOrThrow();
  return r.id;
}

export async function updateGroup(db: Tx, id: string, v: { externalId?: string; displayName?: string }, now: Date) {
  await db
    .updateTable("scim_groups")
    .set({ ...(v.externalId !== undefined ? { external_id: v.externalId } : {}), ...(v.displayName !== undefined ? { display_name: v.displayName } : {}), updated_at: now })
    .where("id", "=", id)
    .execute();
}

export async function deleteGroup(db: Tx, id: string) {
  await db.deleteFrom("scim_groups").where("id", "=", id).execute();
}

export async function memberIds(db: Tx, groupId: string): Promise<string[]> {
  return (await db.selectFrom("scim_group_members").select("user_id").where("group_id", "=", groupId).orderBy("user_id").execute()).map((r) => r.user_id);
}

export async function addMembers(db: Tx, groupId: string, userIds: string[]) {
  if (userIds.length) await db.insertInto("scim_group_members").values(userIds.map((u) => ({ group_id: groupId, user_id: u }))).onConflict((oc) => oc.doNothing()).execute();
}

export async function removeMembers(db: Tx, groupId: string, userIds: string[] | "all") {
  const q = db.deleteFrom("scim_group_members").where("group_id", "=", groupId);
  await (userIds === "all" ? q : q.where("user_id", "in", userIds.length ? userIds : ["0"])).execute();
}

/** Which of these ids are provisioned people of the organisation (members must be). */
export async function provisionedAmong(db: Tx, orgId: string, userIds: string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await db.selectFrom("scim_users").select("user_id").where("org_id", "=", orgId).where("user_id", "in", userIds).execute();
  return new Set(rows.map((r) => r.user_id));
}

/** The names and external ids of the organisation's groups a person is in (for the role mapping). */
export async function groupKeysOf(db: Tx, orgId: string, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("scim_group_members as m")
    .innerJoin("scim_groups as g", "g.id", "m.group_id")
    .select(["g.display_name", "g.external_id"])
    .where("g.org_id", "=", orgId)
    .where("m.user_id", "=", userId)
    .execute();
  return rows.flatMap((r) => [r.display_name, r.external_id].filter(Boolean));
}

/** The role maps and default roles of the organisation's enabled providers. */
export async function roleMapsOf(db: Tx, orgId: string) {
  return db.selectFrom("identity_providers").select(["role_map", "default_role"]).where("org_id", "=", orgId).where("enabled", "=", true).orderBy("id").execute();
}
