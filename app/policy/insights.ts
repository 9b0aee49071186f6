import { sql, type Expression, type SqlBool } from "kysely";
import { indexableCases, indexablePosts, indexableThreads, listedCases, listedPosts, listedThreads } from "./readable";
import { hasOrgRole, isNetworkModerator, orgIdsOf } from "./roles";
import type { Viewer } from "./types";

// Who counts what on /insights (issue 15, docs/decisions/2026-12-02-insights.md). Counting goes
// through the read rule in readable.ts and nothing else:
//  * network admins and moderators count every live, published item in the network (the state
//    half of the rule, whatever the audience) — as counts only; a title is shown only where
//    listedX(viewer) admits it;
//  * an organisation admin counts what they (their organisation) may list: listedX(viewer),
//    of the same live, published items.

type Sql = Expression<SqlBool>;

/** May open /insights: network admins and moderators, and admins of an organisation. */
export function canViewInsights(v: Viewer | null): boolean {
  if (!v) return false;
  return isNetworkModerator(v) || v.memberships.some((m) => hasOrgRole(v, m.orgId, "admin"));
}

/** Network-wide counting (counts only) rather than the viewer's own list rule. */
export const countsNetworkWide = (v: Viewer | null) => isNetworkModerator(v);

// Figures count live, published items only (hidden and deleted ones appear in the health panel as
// counts): the state half of the rule for everyone, and for organisation admins the list rule too.
const and = (a: Sql, b: Sql): Sql => sql<SqlBool>`(${a} AND ${b})`;

/** Cases that count for this viewer's figures. */
export const countedCases = (v: Viewer | null, alias = "c"): Sql =>
  countsNetworkWide(v) ? indexableCases(alias) : and(indexableCases(alias), listedCases(v, alias));

/** Threads that count for this viewer's figures. */
export const countedThreads = (v: Viewer | null, alias = "t"): Sql =>
  countsNetworkWide(v) ? indexableThreads(alias) : and(indexableThreads(alias), listedThreads(v, alias));

/** Replies that count for this viewer's figures (`threadAlias` joined). */
export const countedPosts = (v: Viewer | null, alias = "p", threadAlias = "t"): Sql =>
  countsNetworkWide(v) ? indexablePosts(alias, threadAlias) : and(indexablePosts(alias, threadAlias), listedPosts(v, alias, threadAlias));

// The home page's public summary counts what the viewer may read themselves, whoever they are
// (signed out: public items; network staff get no network-wide counts there).

/** Cases that count in the viewer's home-page summary: live, published and listed for them. */
export const readCountedCases = (v: Viewer | null, alias = "c"): Sql => and(indexableCases(alias), listedCases(v, alias));

/** Threads that count in the viewer's home-page summary. */
export const readCountedThreads = (v: Viewer | null, alias = "t"): Sql => and(indexableThreads(alias), listedThreads(v, alias));

/**
 * What readCountedCases/readCountedThreads depend on, as a cache key: for live, published items
 * the rule reduces to the audience check (visibleSql), which reads only the viewer's
 * organisations (none = public only). Viewers with the same key count exactly the same items.
 */
export function readAudienceKey(v: Viewer | null): string {
  const orgs = v ? [...new Set(orgIdsOf(v))].sort() : [];
  return orgs.length ? `orgs:${orgs.join(",")}` : "public";
}

/** Whether a counted item's title may be shown: only what the viewer may list themselves. */
export const titledCases = (v: Viewer | null, alias = "c"): Sql => listedCases(v, alias);
export const titledThreads = (v: Viewer | null, alias = "t"): Sql => listedThreads(v, alias);

/** Organisations whose moderation figures (flags, hidden items) the viewer may count; null = all. */
export function healthOrgIds(v: Viewer | null): string[] | null {
  if (isNetworkModerator(v)) return null;
  return (v?.memberships ?? []).filter((m) => hasOrgRole(v, m.orgId, "admin")).map((m) => m.orgId);
}

/** Smallest count shown where a count could single out a person (search queries, medians, flags). */
export const MIN_CELL = 3;
export const sqlTrue = sql<SqlBool>`true`;
