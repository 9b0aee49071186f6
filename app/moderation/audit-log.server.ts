import type { DomainCtx } from "../lib/ctx.server";
import { auditScope, canDispose } from "../policy";
import { auditFacets, listAudit, listDisposals } from "./audit-log.repo.server";
import type { LogFilter } from "./schemas";
import { fail, ok, type Result } from "./types";

const PAGE = 50;

/**
 * Admins and moderators: the audit log in their scope (network moderators/admins everything,
 * organisation moderators/admins their organisations' entries), filterable, newest first.
 */
export async function auditLog(ctx: DomainCtx, filter: LogFilter): Promise<Result<{
  entries: Awaited<ReturnType<typeof listAudit>>;
  facets: Awaited<ReturnType<typeof auditFacets>>;
  next: string | null;
}>> {
  const scope = auditScope(ctx.viewer);
  if (!scope) return fail("forbidden");
  const orgIds = scope.all ? "all" : scope.orgIds;
  const [rows, facets] = await Promise.all([
    listAudit(ctx.db, { orgIds, ...filter, limit: PAGE + 1 }),
    auditFacets(ctx.db, orgIds),
  ]);
  const entries = rows.slice(0, PAGE);
  return ok({ entries, facets, next: rows.length > PAGE ? entries[entries.length - 1].id : null });
}

/** Network admins: the latest gallring (disposal) records, for the gallring page. */
export async function recentDisposals(ctx: DomainCtx) {
  if (!canDispose(ctx.viewer)) return fail("forbidden");
  return ok(await listDisposals(ctx.db, 50));
}
