import type { Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database, OrgKind, OrgRole } from "../../db/types";

type Tx = DB | Transaction<Database>;

export function listOrganisationsWithCounts(db: DB) {
  return db
    .selectFrom("organisations as o")
    .leftJoin("memberships as m", "m.org_id", "o.id")
    // Active people only, like the member list on the profile.
    .leftJoin("users as u", (j) => j.onRef("u.id", "=", "m.user_id").on("u.deactivated_at", "is", null))
    .select((eb) => ["o.id", "o.slug", "o.name", "o.kind", "o.description", "o.email_domains", eb.fn.count<string>("u.id").as("members")])
    .groupBy("o.id")
    .execute();
}

export function findOrgBySlug(db: Tx, slug: string) {
  return db.selectFrom("organisations").selectAll().where("slug", "=", slug).executeTakeFirst();
}

export function findOrgById(db: Tx, id: string) {
  return db.selectFrom("organisations").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The organisation whose email domains include `domain` (lower-case), if any. */
export function findOrgByDomain(db: Tx, domain: string) {
  return db
    .selectFrom("organisations")
    .select(["id", "slug", "name"])
    .where((eb) => eb(eb.val(domain), "=", eb.fn.any("email_domains")))
    .orderBy("id")
    .executeTakeFirst();
}

/** Active members of an organisation with their role (deactivated people are left out). */
export function listOrgMembers(db: Tx, orgId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.handle", "u.name", "u.title", "u.email", "m.role", "m.created_at"])
    .where("m.org_id", "=", orgId)
    .where("u.deactivated_at", "is", null)
    .execute();
}

export function findMembership(db: Tx, orgId: string, userId: string) {
  return db.selectFrom("memberships").selectAll().where("org_id", "=", orgId).where("user_id", "=", userId).executeTakeFirst();
}

/**
 * Locks the organisation's admin memberships (FOR UPDATE, in user id order so concurrent callers
 * queue instead of deadlocking). Two demotions of two different admins then run one after the
 * other, and the second counts the first's result: the last-admin rule holds under concurrency.
 */
export async function lockAdmins(db: Tx, orgId: string): Promise<void> {
  await db.selectFrom("memberships").select("user_id").where("org_id", "=", orgId).where("role", "=", "admin").orderBy("user_id").forUpdate().execute();
}

export async function countAdmins(db: Tx, orgId: string): Promise<number> {
  const r = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("m.org_id", "=", orgId)
    .where("m.role", "=", "admin")
    .where("u.deactivated_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function setMembershipRole(db: Tx, orgId: string, userId: string, role: OrgRole) {
  await db.updateTable("memberships").set({ role }).where("org_id", "=", orgId).where("user_id", "=", userId).execute();
}

export async function addMembership(db: Tx, orgId: string, userId: string, role: OrgRole) {
  await db
    .insertInto("memberships")
    .values({ org_id: orgId, user_id: userId, role })
    .onConflict((oc) => oc.columns(["user_id", "org_id"]).doUpdateSet({ role }))
    .execute();
}

/** Deletes a membership; returns the person's remaining organisation ids. */
export async function deleteMembership(db: Tx, orgId: string, userId: string): Promise<string[]> {
  await db.deleteFrom("memberships").where("org_id", "=", orgId).where("user_id", "=", userId).execute();
  const rest = await db.selectFrom("memberships").select("org_id").where("user_id", "=", userId).orderBy("created_at").execute();
  return rest.map((r) => r.org_id);
}

export type OrgValues = { slug: string; name: string; kind: OrgKind; emailDomains: string[]; description: string };

export function insertOrganisation(db: Tx, v: OrgValues) {
  return db
    .insertInto("organisations")
    .values({ slug: v.slug, name: v.name, kind: v.kind, email_domains: v.emailDomains, description: v.description })
    .returning(["id", "slug"])
    .executeTakeFirstOrThrow();
}

export async function updateOrganisationRow(db: Tx, id: string, v: OrgValues) {
  await db
    .updateTable("organisations")
    .set({ slug: v.slug, name: v.name, kind: v.kind, email_domains: v.emailDomains, description: v.description })
    .where("id", "=", id)
    .execute();
}

export async function slugTaken(db: Tx, slug: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom("organisations").select("id").where("slug", "=", slug);
  if (exceptId) q = q.where("id", "!=", exceptId);
  return Boolean(await q.executeTakeFirst());
}

/** Organisation ids (other than `exceptId`) already claiming any of these domains. */
export async function domainsTaken(db: Tx, domains: string[], exceptId?: string): Promise<string[]> {
  if (domains.length === 0) return [];
  let q = db
    .selectFrom("organisations")
    .select("email_domains")
    .where((eb) => eb("email_domains", "&&", eb.val(domains)));
  if (exceptId) q = q.where("id", "!=", exceptId);
  const rows = await q.execute();
  return rows.flatMap((r) => r.email_domains.filter((d) => domains.includes(d)));
}
