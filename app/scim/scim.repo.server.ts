import type { Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database, OrgRole } from "../../db/types";

type Tx = DB | Transaction<Database>;

// The provisioned people of an organisation, joined with their account.
function base(db: Tx, orgId: string) {
  return db
    .selectFrom("scim_users as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["s.user_id", "s.external_id", "s.user_name", "s.active", "s.role", "s.created_at", "s.updated_at", "u.name", "u.email"])
    .where("s.org_id", "=", orgId);
}

export type ScimRow = Awaited<ReturnType<ReturnType<typeof base>["executeTakeFirstOrThrow"]>>;

export function findScimUser(db: Tx, orgId: string, userId: string) {
  return base(db, orgId).where("s.user_id", "=", userId).executeTakeFirst();
}

export function findScimUserByName(db: Tx, orgId: string, userName: string) {
  return base(db, orgId).where((eb) => eb(eb.fn("lower", ["s.user_name"]), "=", userName.toLowerCase())).executeTakeFirst();
}

export function findScimUserByExternalId(db: Tx, orgId: string, externalId: string) {
  return base(db, orgId).where("s.external_id", "=", externalId).executeTakeFirst();
}

export function listScimUsers(db: Tx, orgId: string, offset: number, limit: number) {
  return base(db, orgId).orderBy("s.user_id").offset(offset).limit(limit).execute();
}

export async function countScimUsers(db: Tx, orgId: string): Promise<number> {
  const r = await db.selectFrom("scim_users").select((eb) => eb.fn.countAll().as("n")).where("org_id", "=", orgId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertScimUser(db: Tx, v: { orgId: string; userId: string; externalId: string; userName: string; active: boolean; role: OrgRole }) {
  await db
    .insertInto("scim_users")
    .values({ org_id: v.orgId, user_id: v.userId, external_id: v.externalId, user_name: v.userName, active: v.active, role: v.role })
    .execute();
}

export async function updateScimUser(db: Tx, orgId: string, userId: string, v: { externalId?: string; userName?: string; active?: boolean }, now: Date) {
  await db
    .updateTable("scim_users")
    .set({
      ...(v.externalId !== undefined ? { external_id: v.externalId } : {}),
      ...(v.userName !== undefined ? { user_name: v.userName } : {}),
      ...(v.active !== undefined ? { active: v.active } : {}),
      updated_at: now,
    })
    .where("org_id", "=", orgId)
    .where("user_id", "=", userId)
    .execute();
}

/** A person the organisation's directory has switched off (SSO then refuses them too). */
export async function isScimInactive(db: Tx, orgId: string, userId: string): Promise<boolean> {
  const r = await db.selectFrom("scim_users").select("active").where("org_id", "=", orgId).where("user_id", "=", userId).executeTakeFirst();
  return r ? !r.active : false;
}

export async function setUserName(db: Tx, userId: string, name: string) {
  await db.updateTable("users").set({ name }).where("id", "=", userId).execute();
}
