import { sql, type Expression, type SqlBool } from "kysely";
import { hasOrgRole, isNetworkModerator, orgIdsOf, visibleTo, type Viewer } from "../policy";

// The complete read rule (visibility AND state) as SQL, for what a profile or an expert list
// shows. These mirror app/policy's predicates exactly — canReadThread (listed: and not deleted),
// canSeePost, canReadCase (listed: published and live) — and the names and signatures are those
// of the unified helpers in app/policy/readable.ts (listedThreads, readablePosts, listedCases):
// when that module lands, this file becomes three re-exports. Callers still re-check every row
// with the predicates before showing it (profiles.server.ts), so the two can never disagree
// silently.

type Sql = Expression<SqlBool>;
const ref = (alias: string, c: string) => sql.ref(`${alias}.${c}`);
const visible = (v: Viewer | null, alias: string): Sql => visibleTo(undefined as never, v, alias);

function moderates(v: Viewer | null, alias: string): Sql {
  if (!v) return sql<SqlBool>`false`;
  if (isNetworkModerator(v)) return sql<SqlBool>`true`;
  const mine = orgIdsOf(v).filter((o) => hasOrgRole(v, o, "moderator"));
  return sql<SqlBool>`${ref(alias, "org_id")} = ANY(${mine}::bigint[])`;
}
const isViewer = (v: Viewer | null, alias: string, col: string): Sql =>
  v ? sql<SqlBool>`${ref(alias, col)} = ${v.id}::bigint` : sql<SqlBool>`false`;

/** Cases in lists: readable by visibility, published and live (isListedCase). */
export function listedCases(v: Viewer | null, alias = "c"): Sql {
  return sql<SqlBool>`(${visible(v, alias)} AND ${ref(alias, "state")} = 'published' AND ${ref(alias, "hidden_at")} IS NULL AND ${ref(alias, "deleted_at")} IS NULL)`;
}

/** Threads in lists (isListedThread): visible, not deleted; hidden only for author and moderators; a case's discussion only with its case. */
export function listedThreads(v: Viewer | null, alias = "t"): Sql {
  return sql<SqlBool>`(${visible(v, alias)} AND ${ref(alias, "deleted_at")} IS NULL
    AND (${ref(alias, "hidden_at")} IS NULL OR ${moderates(v, alias)} OR ${isViewer(v, alias, "author_id")})
    AND NOT EXISTS (SELECT 1 FROM cases dc WHERE dc.discussion_thread_id = ${ref(alias, "id")} AND NOT ${listedCases(v, "dc")}))`;
}

/** Replies in lists, joined to a listed thread: not deleted; hidden only for author and moderators (canSeePost). */
export function listedPosts(v: Viewer | null, alias = "p", threadAlias = "t"): Sql {
  return sql<SqlBool>`(${listedThreads(v, threadAlias)} AND ${ref(alias, "deleted_at")} IS NULL
    AND (${ref(alias, "hidden_at")} IS NULL OR ${moderates(v, threadAlias)} OR ${isViewer(v, alias, "author_id")}))`;
}

/**
 * What counts towards anyone's expertise when nobody in particular is reading (routing picks
 * experts, never shows them): live, visible-to-someone contributions, hidden and deleted ones out.
 */
export function scoringPosts(alias = "p", threadAlias = "t"): Sql {
  return sql<SqlBool>`(${ref(alias, "deleted_at")} IS NULL AND ${ref(alias, "hidden_at")} IS NULL
    AND ${ref(threadAlias, "deleted_at")} IS NULL AND ${ref(threadAlias, "hidden_at")} IS NULL)`;
}
export function scoringCases(alias = "c"): Sql {
  return sql<SqlBool>`(${ref(alias, "state")} = 'published' AND ${ref(alias, "hidden_at")} IS NULL AND ${ref(alias, "deleted_at")} IS NULL)`;
}
