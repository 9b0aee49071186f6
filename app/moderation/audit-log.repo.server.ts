import type { Kysely } from "kysely";
import type { Database } from "../../db/types";

export type AuditQuery = {
  orgIds: string[] | "all";
  actor?: string;
  org?: string;
  action?: string;
  before?: string;
  limit: number;
};

/** Audit rows in the viewer's scope, newest first, keyset-paginated by id. */
export function listAudit(db: Kysely<Database>, q: AuditQuery) {
  let query = db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.actor_id")
    .leftJoin("organisations as o", "o.id", "a.org_id")
    .select([
      "a.id", "a.actor_id", "u.name as actor_name", "a.action", "a.target_type", "a.target_id", "a.org_id",
      "o.name as org_name", "a.reason", "a.details", "a.created_at",
    ])
    .orderBy("a.id", "desc")
    .limit(q.limit);
  if (q.orgIds !== "all") query = query.where("a.org_id", "in", q.orgIds.length ? q.orgIds : ["0"]);
  if (q.actor) query = query.where("a.actor_id", "=", q.actor);
  if (q.org) query = query.where("a.org_id", "=", q.org);
  if (q.action) query = query.where((eb) => eb.or([eb("a.action", "=", q.action!), eb("a.action", "like", `%.${q.action}`)]));
  if (q.before) query = query.where("a.id", "<", q.before);
  return query.execute();
}

/** The actors, organisations and actions that occur in the viewer's scope (filter choices). */
export async function auditFacets(db: Kysely<Database>, orgIds: string[] | "all") {
  const scope = orgIds === "all" ? null : orgIds.length ? orgIds : ["0"];
  const base = () => {
    const q = db.selectFrom("audit_log as a");
    return scope ? q.where("a.org_id", "in", scope) : q;
  };
  const [actors, orgs, actions] = await Promise.all([
    base().innerJoin("users as u", "u.id", "a.actor_id").select(["u.id", "u.name"]).distinct().orderBy("u.name").execute(),
    base().innerJoin("organisations as o", "o.id", "a.org_id").select(["o.id", "o.name"]).distinct().orderBy("o.name").execute(),
    base().select("a.action").distinct().orderBy("a.action").execute(),
  ]);
  return { actors, orgs, actions: actions.map((a) => a.action) };
}

export function listDisposals(db: Kysely<Database>, limit: number) {
  return db
    .selectFrom("disposals as d")
    .innerJoin("users as u", "u.id", "d.disposed_by")
    .leftJoin("organisations as o", "o.id", "d.org_id")
    .select(["d.id", "d.target_type", "d.target_id", "d.title", "d.decision_ref", "d.disposed_at", "u.name as disposed_by_name", "o.name as org_name"])
    .orderBy("d.id", "desc")
    .limit(limit)
    .execute();
}
