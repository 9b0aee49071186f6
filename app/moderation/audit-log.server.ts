import type { DomainCtx } from "../lib/ctx.server";
import { canDispose } from "../policy";
import { auditReadScope, canSeeAuditTarget } from "../policy/audit";
import { auditFacets, listAudit, listDisposals, type AuditReader } from "./audit-log.repo.server";
import type { LogFilter } from "./schemas";
import { findTargets } from "./content.repo.server";
import { fail, itemHref, ok, TARGET_TYPES, type Result, type Target } from "./types";

const PAGE = 50;

export type AuditLogEntry = {
  id: string;
  created_at: Date;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string;
  target_id: string;
  org_id: string | null;
  org_name: string | null;
  reason: string;
  /** The item's current title when the viewer may read it now; a gallrad item's logged title. */
  title: string | null;
  href: string | null;
};

/**
 * Admins and moderators: the audit log entries they may read (app/policy/audit.ts, applied in
 * SQL), filterable, newest first. Titles and links only for items the viewer may read now; the
 * entries' stored details never leave the server.
 */
export async function auditLog(ctx: DomainCtx, filter: LogFilter): Promise<Result<{
  entries: AuditLogEntry[];
  facets: Awaited<ReturnType<typeof auditFacets>>;
  next: string | null;
}>> {
  const scope = auditReadScope(ctx.viewer);
  if (!scope) return fail("forbidden");
  const reader: AuditReader = { viewer: ctx.viewer, scope };
  const [rows, facets] = await Promise.all([
    listAudit(ctx.db, { reader, ...filter, limit: PAGE + 1 }),
    auditFacets(ctx.db, reader),
  ]);
  const page = rows.slice(0, PAGE);
  const targets = new Map<string, Target>();
  for (const type of TARGET_TYPES) {
    const ids = [...new Set(page.filter((e) => e.target_type === type && /^\d{1,18}$/.test(e.target_id)).map((e) => e.target_id))];
    for (const t of await findTargets(ctx.db, type, ids)) targets.set(`${type}:${t.id}`, t);
  }
  // Items still there show their current title (after any redaction) to those who may read them;
  // gallrade ones the logged title (the entry itself is in scope).
  const entries = page.map(({ details, ...e }): AuditLogEntry => {
    const t = targets.get(`${e.target_type}:${e.target_id}`);
    if (t) {
      const readable = canSeeAuditTarget(ctx.viewer, t);
      return { ...e, title: readable ? t.title : null, href: readable ? itemHref(t) : null };
    }
    const gone = e.action.endsWith(".gallring") && typeof details?.title === "string" ? details.title : null;
    return { ...e, title: gone, href: null };
  });
  return ok({ entries, facets, next: rows.length > PAGE ? page[page.length - 1].id : null });
}

/** Network admins: the latest gallring (disposal) records, for the gallring page. */
export async function recentDisposals(ctx: DomainCtx) {
  if (!canDispose(ctx.viewer)) return fail("forbidden");
  return ok(await listDisposals(ctx.db, 50));
}
