import type { DomainCtx } from "../lib/ctx.server";
import { auditScope, canDispose } from "../policy";
import { auditFacets, listAudit, listDisposals } from "./audit-log.repo.server";
import type { LogFilter } from "./schemas";
import { findTargets } from "./content.repo.server";
import { fail, itemHref, ok, TARGET_TYPES, type Result, type Target } from "./types";

const PAGE = 50;

/**
 * Admins and moderators: the audit log in their scope (network moderators/admins everything,
 * organisation moderators/admins their organisations' entries), filterable, newest first.
 */
export async function auditLog(ctx: DomainCtx, filter: LogFilter): Promise<Result<{
  entries: (Awaited<ReturnType<typeof listAudit>>[number] & { title: string | null; href: string | null })[];
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
  const page = rows.slice(0, PAGE);
  const targets = new Map<string, Target>();
  for (const type of TARGET_TYPES) {
    const ids = [...new Set(page.filter((e) => e.target_type === type && /^\d{1,18}$/.test(e.target_id)).map((e) => e.target_id))];
    for (const t of await findTargets(ctx.db, type, ids)) targets.set(`${type}:${t.id}`, t);
  }
  // Items still there show their current title (after any redaction); gallrade ones the logged title.
  const entries = page.map((e) => {
    const t = targets.get(`${e.target_type}:${e.target_id}`);
    const logged = typeof e.details?.title === "string" ? e.details.title : null;
    return { ...e, title: t?.title ?? logged, href: t ? itemHref(t) : null };
  });
  return ok({ entries, facets, next: rows.length > PAGE ? page[page.length - 1].id : null });
}

/** Network admins: the latest gallring (disposal) records, for the gallring page. */
export async function recentDisposals(ctx: DomainCtx) {
  if (!canDispose(ctx.viewer)) return fail("forbidden");
  return ok(await listDisposals(ctx.db, 50));
}
