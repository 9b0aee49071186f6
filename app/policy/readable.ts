import { sql, type Expression, type SqlBool } from "kysely";
import { hasOrgRole, isNetworkModerator, orgIdsOf } from "./roles";
import type { Viewer } from "./types";

// The complete read rule as SQL: visibility AND state, one helper per resource. Each helper is
// the exact SQL form of a predicate (forum.ts, cases.ts); tests/integration/policy-property.test.ts
// checks on random rows that the two agree. Repositories use these in every list, count, page
// and join; nothing else writes `hidden_at IS NULL` or `deleted_at IS NULL` for reading.

type Sql = Expression<SqlBool>;
const ref = (alias: string, c: string) => sql.ref(`${alias}.${c}`);
const ids = (xs: string[]) => sql`${xs}::bigint[]`;

/** The organisation ids where the viewer holds at least `min`. */
function orgsWith(v: Viewer | null, min: "ambassador" | "moderator"): string[] {
  return orgIdsOf(v).filter((o) => hasOrgRole(v, o, min));
}

/** SQL form of canRead (visibility.ts): the row's audience admits the viewer. */
export function visibleSql(v: Viewer | null, alias: string): Sql {
  if (!v || v.memberships.length === 0) return sql<SqlBool>`${ref(alias, "visibility")} = 'public'`;
  const mine = orgIdsOf(v);
  return sql<SqlBool>`(${ref(alias, "visibility")} IN ('public','network') OR ${ref(alias, "org_id")} = ANY(${ids(mine)}) OR ${ref(alias, "shared_org_ids")} && ${ids(mine)})`;
}

/** SQL form of canModerate (content.ts) minus its canRead half: callers AND it with visibleSql. */
function moderatesSql(v: Viewer | null, alias: string): Sql {
  if (!v) return sql<SqlBool>`false`;
  if (isNetworkModerator(v)) return sql<SqlBool>`true`;
  return sql<SqlBool>`${ref(alias, "org_id")} = ANY(${ids(orgsWith(v, "moderator"))})`;
}

const isViewer = (v: Viewer | null, col: ReturnType<typeof ref>): Sql =>
  v ? sql<SqlBool>`${col} = ${v.id}::bigint` : sql<SqlBool>`false`;

/**
 * Cases the viewer may read (canReadCase): published, live ones by visibility; drafts and hidden
 * ones for their editors; deleted ones for moderators in scope.
 */
export function readableCases(v: Viewer | null, alias = "c"): Sql {
  const mod = moderatesSql(v, alias);
  const editor = sql<SqlBool>`(${ref(alias, "org_id")} = ANY(${ids(orgsWith(v, "ambassador"))}) OR ${mod})`;
  return sql<SqlBool>`(${visibleSql(v, alias)} AND (
    (${ref(alias, "deleted_at")} IS NULL AND ${ref(alias, "hidden_at")} IS NULL AND ${ref(alias, "state")} = 'published')
    OR (${ref(alias, "deleted_at")} IS NULL AND ${editor})
    OR (${ref(alias, "deleted_at")} IS NOT NULL AND ${mod})))`;
}

/** Cases in lists, counts, facets, exports and widgets: readable, published and live. */
export function listedCases(v: Viewer | null, alias = "c"): Sql {
  return sql<SqlBool>`(${visibleSql(v, alias)} AND ${ref(alias, "state")} = 'published'
    AND ${ref(alias, "hidden_at")} IS NULL AND ${ref(alias, "deleted_at")} IS NULL)`;
}

/**
 * Threads the viewer may read in full (canReadThread): by visibility; a case's discussion only
 * for those who may read the case; hidden ones for their author and moderators in scope;
 * deleted ones for moderators in scope (everyone else gets the tombstone, see threadAccess).
 */
export function readableThreads(v: Viewer | null, alias = "t"): Sql {
  const mod = moderatesSql(v, alias);
  return sql<SqlBool>`(${visibleSql(v, alias)}
    AND (${ref(alias, "deleted_at")} IS NULL OR ${mod})
    AND (${ref(alias, "hidden_at")} IS NULL OR ${mod} OR ${isViewer(v, ref(alias, "author_id"))})
    AND NOT EXISTS (SELECT 1 FROM cases dc WHERE dc.discussion_thread_id = ${ref(alias, "id")} AND NOT ${readableCases(v, "dc")}))`;
}

/** Threads in lists, counts, tag pages, org pages and widgets: readable and not deleted. */
export function listedThreads(v: Viewer | null, alias = "t"): Sql {
  return sql<SqlBool>`(${readableThreads(v, alias)} AND ${ref(alias, "deleted_at")} IS NULL)`;
}

/**
 * Replies the viewer may read (canReadPost), joined to their thread (`threadAlias`): the thread
 * readable in full; a deleted reply for moderators; a hidden one for its author and moderators.
 */
export function readablePosts(v: Viewer | null, alias = "p", threadAlias = "t"): Sql {
  const mod = moderatesSql(v, threadAlias);
  return sql<SqlBool>`(${readableThreads(v, threadAlias)}
    AND (${ref(alias, "deleted_at")} IS NULL OR ${mod})
    AND (${ref(alias, "hidden_at")} IS NULL OR ${mod} OR ${isViewer(v, ref(alias, "author_id"))}))`;
}

/** Replies in lists (profiles, expert lists): readable, not deleted, in a listed thread. */
export function listedPosts(v: Viewer | null, alias = "p", threadAlias = "t"): Sql {
  return sql<SqlBool>`(${readablePosts(v, alias, threadAlias)} AND ${listedThreads(v, threadAlias)} AND ${ref(alias, "deleted_at")} IS NULL)`;
}

/** Tags anyone may read: the live ones (a merged tag answers through the tag it went into). */
export function readableTags(alias = "tg"): Sql {
  return sql<SqlBool>`${ref(alias, "merged_into_id")} IS NULL`;
}

// ---- search documents ---------------------------------------------------------------------------
// A search document carries its item's visibility columns (the query applies visibleSql to them);
// whether the item is indexed at all is the state half of the rule, for an ordinary reader (no
// author or moderator rights): these helpers are what a document builder selects with.

/** Cases that get a search document: published and live. */
export function indexableCases(alias = "c"): Sql {
  return sql<SqlBool>`(${ref(alias, "state")} = 'published' AND ${ref(alias, "hidden_at")} IS NULL AND ${ref(alias, "deleted_at")} IS NULL)`;
}

/** Threads that get a search document: live, and if a case's discussion, the case indexable too. */
export function indexableThreads(alias = "t"): Sql {
  return sql<SqlBool>`(${ref(alias, "hidden_at")} IS NULL AND ${ref(alias, "deleted_at")} IS NULL
    AND NOT EXISTS (SELECT 1 FROM cases dc WHERE dc.discussion_thread_id = ${ref(alias, "id")} AND NOT ${indexableCases("dc")}))`;
}

/** A reply's own state is live (its thread is judged by indexableThreads, e.g. an accepted answer's join). */
export function livePost(alias = "p"): Sql {
  return sql<SqlBool>`(${ref(alias, "hidden_at")} IS NULL AND ${ref(alias, "deleted_at")} IS NULL)`;
}

/** Replies that get a search document: live, in an indexable thread (`threadAlias` joined). */
export function indexablePosts(alias = "p", threadAlias = "t"): Sql {
  return sql<SqlBool>`(${livePost(alias)} AND ${indexableThreads(threadAlias)})`;
}

/**
 * Attachments whose extracted text goes into their parent's search document: attached (not a
 * pending upload, not removed by an edit), not hidden, deleted or redacted, text extracted. The
 * parent's own state and visibility are judged by the document it joins (indexable* above), so
 * the text is found exactly where the parent is.
 */
export function indexableAttachments(alias = "a"): Sql {
  return sql<SqlBool>`(${ref(alias, "parent_id")} IS NOT NULL AND ${ref(alias, "detached_at")} IS NULL
    AND ${ref(alias, "hidden_at")} IS NULL AND ${ref(alias, "deleted_at")} IS NULL AND ${ref(alias, "redacted_at")} IS NULL
    AND ${ref(alias, "text_status")} = 'done')`;
}

/** Predicate twin of indexableCases, for builders that already hold the row. */
export const isIndexableCase = (c: { state: string; deleted_at: Date | null; hidden_at: Date | null }) =>
  c.state === "published" && !c.deleted_at && !c.hidden_at;

// ---- attachments --------------------------------------------------------------------------------

/**
 * Attachments the viewer may read (canReadAttachment): the PARENT's complete read rule (thread,
 * reply in its thread, case) decides, then the file's own state — a hidden file for its uploader
 * and the parent's moderators, a deleted one for those moderators, a redacted one for nobody (its
 * bytes are gone). A pending upload (no parent yet) only for its uploader.
 */
export function readableAttachments(v: Viewer | null, alias = "a"): Sql {
  const own = (mod: Sql) => sql<SqlBool>`(${ref(alias, "deleted_at")} IS NULL OR ${mod})
    AND (${ref(alias, "hidden_at")} IS NULL OR ${mod} OR ${isViewer(v, ref(alias, "uploader_id"))})`;
  return sql<SqlBool>`(${ref(alias, "redacted_at")} IS NULL AND (
    (${ref(alias, "parent_type")} IS NULL AND ${isViewer(v, ref(alias, "uploader_id"))})
    OR (${ref(alias, "parent_type")} = 'thread' AND EXISTS (SELECT 1 FROM threads at_t WHERE at_t.id = ${ref(alias, "parent_id")}
        AND ${readableThreads(v, "at_t")} AND ${own(moderatesSql(v, "at_t"))}))
    OR (${ref(alias, "parent_type")} = 'post' AND EXISTS (SELECT 1 FROM posts at_p JOIN threads at_pt ON at_pt.id = at_p.thread_id
        WHERE at_p.id = ${ref(alias, "parent_id")} AND ${readablePosts(v, "at_p", "at_pt")} AND ${own(moderatesSql(v, "at_pt"))}))
    OR (${ref(alias, "parent_type")} = 'case' AND EXISTS (SELECT 1 FROM cases at_c WHERE at_c.id = ${ref(alias, "parent_id")}
        AND ${readableCases(v, "at_c")} AND ${own(moderatesSql(v, "at_c"))}))))`;
}
