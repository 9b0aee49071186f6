import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import type { OrgRole } from "../../db/types";

type Q = Kysely<Database> | Transaction<Database>;

/** Active people with these handles. */
export function usersByHandles(db: Q, handles: string[]) {
  if (!handles.length) return Promise.resolve([]);
  return db.selectFrom("users").select(["id", "handle"]).where("handle", "in", handles).where("deactivated_at", "is", null).execute();
}

/** Active people whose handle or name starts with the prefix (autocomplete), at most `limit`. */
export function peopleByPrefix(db: Q, prefix: string, limit: number) {
  const like = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom("users")
    .select(["id", "handle", "name"])
    .where("deactivated_at", "is", null)
    .where((eb) => eb.or([eb("handle", "like", like), eb("name", "ilike", like)]))
    .orderBy("handle")
    .limit(limit)
    .execute();
}

/** Organisations with these slugs. */
export function orgsBySlugs(db: Q, slugs: string[]) {
  if (!slugs.length) return Promise.resolve([]);
  return db.selectFrom("organisations").select(["id", "slug", "name"]).where("slug", "in", slugs).execute();
}

/** Organisations whose slug starts with the prefix (group-mention autocomplete). */
export function orgsBySlugPrefix(db: Q, prefix: string, limit: number) {
  const like = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db.selectFrom("organisations").select(["slug", "name"]).where("slug", "like", like).orderBy("slug").limit(limit).execute();
}

/** Active members of an organisation holding one of these roles, at most `limit` (by id). */
export function membersWithRoles(db: Q, orgId: string, roles: OrgRole[], limit: number) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select("u.id")
    .where("m.org_id", "=", orgId)
    .where("m.role", "in", roles)
    .where("u.deactivated_at", "is", null)
    .orderBy("u.id")
    .limit(limit)
    .execute();
}
