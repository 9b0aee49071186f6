import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import { visibleSql } from "./readable";
import { orgIdsOf } from "./roles";
import type { Scoped, Viewer, Visibility } from "./types";

/**
 * The one read rule for organisation-scoped content:
 * public → anyone; network → any signed-in member; organisation → members of the owning
 * organisation and of the organisations it is explicitly shared with.
 */
export function canRead(viewer: Viewer | null, item: Scoped): boolean {
  if (item.visibility === "public") return true;
  if (!viewer || viewer.memberships.length === 0) return false;
  if (item.visibility === "network") return true;
  const mine = orgIdsOf(viewer);
  return mine.includes(item.orgId) || item.sharedOrgIds.some((o) => mine.includes(o));
}

/**
 * The same rule as a SQL predicate, for any table (or alias) with `org_id`, `visibility` and
 * `shared_org_ids` columns. Use it in every list, count and search query.
 *   .where((eb) => visibleTo(eb, viewer, "t"))
 */
export function visibleTo<DB, TB extends keyof DB>(
  _eb: ExpressionBuilder<DB, TB>,
  viewer: Viewer | null,
  alias: string,
): Expression<SqlBool> {
  return visibleSql(viewer, alias);
}

export const VISIBILITIES: readonly Visibility[] = ["organisation", "network", "public"];
