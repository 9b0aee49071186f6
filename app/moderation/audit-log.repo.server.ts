import { expressionBuilder, sql, type Expression, type Kysely, type SqlBool } from "kysely";
import type { Database } from "../../db/types";
import type { AuditReadScope } from "../policy/audit";
import type { Viewer } from "../policy/types";
import { visibleTo } from "../policy/visibility";

/** Whose log: the viewer and what they may read of it (app/policy/audit.ts). */
export type AuditReader = { viewer: Viewer | null; scope: AuditReadScope };

export type AuditQuery = {
  reader: AuditReader;
  actor?: string;
  org?: string;
  action?: string;
  before?: string;
  limit: number;
};

const eb = expressionBuilder<Database, never>();

/**
 * SQL, true when audit row `a` is about a thread, reply or published case the viewer may read now
 * (its current audience). Ids are cast only when they are numbers (membership ids are "org:user").
 * TODO(readrule): switch to app/policy's readable-target SQL helper once it lands.
 */
function readableContentTarget(viewer: Viewer | null): Expression<SqlBool> {
  const id = sql`(CASE WHEN a.target_id ~ '^[0-9]{1,18}$' THEN a.target_id::bigint END)`;
  return sql<SqlBool>`(CASE a.target_type
    WHEN 'thread' THEN EXISTS (SELECT 1 FROM threads t WHERE t.id = ${id} AND ${visibleTo(eb, viewer, "t")})
    WHEN 'post' THEN EXISTS (SELECT 1 FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = ${id} AND ${visibleTo(eb, viewer, "t")})
    WHEN 'case' THEN EXISTS (SELECT 1 FROM cases c WHERE c.id = ${id} AND c.state = 'published' AND ${visibleTo(eb, viewer, "c")})
    ELSE false END)`;
}

/** The reader's rows of audit_log `a`, as one SQL condition. */
function inScope(r: AuditReader): Expression<SqlBool> {
  if (r.scope.all) return sql<SqlBool>`true`;
  const parts: Expression<SqlBool>[] = [];
  if (r.scope.orgIds.length) parts.push(sql<SqlBool>`a.org_id = ANY(${r.scope.orgIds}::bigint[])`);
  if (r.scope.readableContent) parts.push(readableContentTarget(r.viewer));
  return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` OR `)})` : sql<SqlBool>`false`;
}

/** Audit rows in the reader's scope (scoped in SQL), newest first, keyset-paginated by id. */
export function listAudit(db: Kysely<Database>, q: AuditQuery) {
  let query = db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.actor_id")
    .leftJoin("organisations as o", "o.id", "a.org_id")
    .select([
      "a.id", "a.actor_id", "u.name as actor_name", "a.action", "a.target_type", "a.target_id", "a.org_id",
      "o.name as org_name", "a.reason", "a.details", "a.created_at",
    ])
    .where(inScope(q.reader))
    .orderBy("a.id", "desc")
    .limit(q.limit);
  if (q.actor) query = query.where("a.actor_id", "=", q.actor);
  if (q.org) query = query.where("a.org_id", "=", q.org);
  if (q.action) query = query.where((eb) => eb.or([eb("a.action", "=", q.action!), eb("a.action", "like", `%.${q.action}`)]));
  if (q.before) query = query.where("a.id", "<", q.before);
  return query.execute();
}

/** The actors, organisations and actions that occur in the reader's scope (filter choices). */
export async function auditFacets(db: Kysely<Database>, reader: AuditReader) {
  const base = () => db.selectFrom("audit_log as a").where(inScope(reader));
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

/** Whether the same actor already has this entry about this item since `since` (repeat views are logged once). */
export async function hasRecentEntry(db: Kysely<Database>, e: { actorId: string; action: string; targetType: string; targetId: string; since: Date }) {
  const r = await db.selectFrom("audit_log").select("id").where("actor_id", "=", e.actorId).where("action", "=", e.action)
    .where("target_type", "=", e.targetType).where("target_id", "=", e.targetId).where("created_at", ">=", e.since).executeTakeFirst();
  return Boolean(r);
}
