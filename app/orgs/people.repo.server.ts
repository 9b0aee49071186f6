import type { Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database, NetworkRole } from "../../db/types";

type Tx = DB | Transaction<Database>;

export async function updateLocale(db: DB, userId: string, locale: "sv" | "en") {
  await db.updateTable("users").set({ locale }).where("id", "=", userId).execute();
}

export function findLoginUser(db: Tx, email: string) {
  return db
    .selectFrom("users")
    .select(["id", "password_hash", "deactivated_at"])
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.trim().toLowerCase()))
    .executeTakeFirst();
}

/** Safe columns only: never the password hash. */
const PUBLIC_COLUMNS = ["id", "email", "handle", "name", "title", "locale", "primary_org_id", "network_role", "deactivated_at", "created_at"] as const;

export function findUserByEmail(db: Tx, email: string) {
  return db
    .selectFrom("users")
    .select(PUBLIC_COLUMNS)
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.trim().toLowerCase()))
    .executeTakeFirst();
}

export function findUserById(db: Tx, id: string) {
  return db.selectFrom("users").select(PUBLIC_COLUMNS).where("id", "=", id).executeTakeFirst();
}

export function findUserByHandle(db: Tx, handle: string) {
  return db.selectFrom("users").select(PUBLIC_COLUMNS).where("handle", "=", handle).executeTakeFirst();
}

export function passwordHashOf(db: Tx, id: string) {
  return db.selectFrom("users").select("password_hash").where("id", "=", id).executeTakeFirst();
}

/** A person's memberships with their organisations, primary first. */
export function membershipsOf(db: Tx, userId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("organisations as o", "o.id", "m.org_id")
    .select(["o.id", "o.slug", "o.name", "m.role"])
    .where("m.user_id", "=", userId)
    .orderBy("o.name")
    .execute();
}

export async function handleExists(db: Tx, handle: string): Promise<boolean> {
  return Boolean(await db.selectFrom("users").select("id").where("handle", "=", handle).executeTakeFirst());
}

export function insertUser(db: Tx, v: { email: string; handle: string; name: string; passwordHash: string | null; primaryOrgId: string; locale: "sv" | "en" | null }) {
  return db
    .insertInto("users")
    .values({
      email: v.email, handle: v.handle, name: v.name, password_hash: v.passwordHash, primary_org_id: v.primaryOrgId,
      locale: v.locale, network_role: null, email_verified_at: new Date(), deactivated_at: null,
    })
    .returning(["id", "handle"])
    .executeTakeFirstOrThrow();
}

export async function setPasswordHash(db: Tx, id: string, hash: string) {
  await db.updateTable("users").set({ password_hash: hash }).where("id", "=", id).execute();
}

export async function updateProfile(db: Tx, id: string, v: { name: string; title: string; locale: "sv" | "en" | null; primaryOrgId: string | null }) {
  await db.updateTable("users").set({ name: v.name, title: v.title, locale: v.locale, primary_org_id: v.primaryOrgId }).where("id", "=", id).execute();
}

export async function setPrimaryOrg(db: Tx, id: string, orgId: string | null) {
  await db.updateTable("users").set({ primary_org_id: orgId }).where("id", "=", id).execute();
}

export async function setNetworkRoleRow(db: Tx, id: string, role: NetworkRole | null) {
  await db.updateTable("users").set({ network_role: role }).where("id", "=", id).execute();
}

export async function setDeactivatedRow(db: Tx, id: string, at: Date | null) {
  await db.updateTable("users").set({ deactivated_at: at }).where("id", "=", id).execute();
}

/** Ends every session of a person (inside the caller's transaction). */
export async function deleteSessionsOf(db: Tx, userId: string) {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

export function listNetworkAdmins(db: Tx) {
  return db
    .selectFrom("users")
    .select(["name", "email", "handle"])
    .where("network_role", "=", "admin")
    .where("deactivated_at", "is", null)
    .orderBy("name")
    .execute();
}

/** People for the network admin page, optionally filtered by name, email or handle. */
export function searchPeople(db: Tx, q: string, limit = 50) {
  let query = db
    .selectFrom("users as u")
    .leftJoin("organisations as o", "o.id", "u.primary_org_id")
    .select(["u.id", "u.handle", "u.name", "u.email", "u.network_role", "u.deactivated_at", "o.name as org_name"])
    .orderBy("u.name")
    .limit(limit);
  const term = q.trim().toLowerCase();
  if (term) {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb(eb.fn("lower", ["u.name"]), "like", like), eb(eb.fn("lower", ["u.email"]), "like", like), eb("u.handle", "like", like)]),
    );
  }
  return query.execute();
}
