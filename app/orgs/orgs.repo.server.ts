import type { DB } from "../../db/client";

export function listOrganisationsWithCounts(db: DB) {
  return db
    .selectFrom("organisations as o")
    .leftJoin("memberships as m", "m.org_id", "o.id")
    .select((eb) => ["o.id", "o.slug", "o.name", "o.kind", "o.description", eb.fn.count<string>("m.user_id").as("members")])
    .groupBy("o.id")
    .execute();
}
