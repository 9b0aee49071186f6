import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
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
  eb: ExpressionBuilder<DB, TB>,
  viewer: Viewer | null,
  alias: string,
): Expression<SqlBool> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  if (!viewer || viewer.memberships.length === 0) {
    return sql<SqlBool>`${col("visibility")} = 'public'`;
  }
  const mine = orgIdsOf(viewer);
  void eb;
  return sql<SqlBool>`(${col("visibility")} IN ('public','network') OR ${col("org_id")} = ANY(${mine}::bigint[]) OR ${col("shared_org_ids")} && ${mine}::bigint[])`;
}

export const VISIBILITIES: readonly Visibility[] = ["organisation", "network", "public"];
