import type { DB } from "../../db/client";

// SQL for "who moderates here": active people with a moderating role, by organisation or network-wide.

export function orgModeratorRows(db: DB, orgIds: string[]) {
  if (!orgIds.length) return Promise.resolve([]);
  return db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .innerJoin("organisations as o", "o.id", "m.org_id")
    .select(["u.name", "u.handle", "m.role", "o.name as org_name"])
    .where("m.org_id", "in", orgIds)
    .where("m.role", "in", ["moderator", "admin"])
    .where("u.deactivated_at", "is", null)
    .orderBy("o.name").orderBy("u.name")
    .limit(20)
    .execute();
}

export function networkModeratorRows(db: DB) {
  return db
    .selectFrom("users as u")
    .select(["u.name", "u.handle", "u.network_role as role"])
    .where("u.network_role", "in", ["moderator", "admin"])
    .where("u.deactivated_at", "is", null)
    .orderBy("u.name")
    .limit(20)
    .execute();
}
