import type { ThreadFacts, PostFacts } from "../policy";
import type { PostRow, RevisionRow } from "./posts.repo.server";
import type { ThreadListRow, ThreadRow } from "./threads.repo.server";
import type { Revision, TagRef, ThreadListItem } from "./types";
import type { TagArea } from "../../db/types/forum";

const iso = (d: Date | string) => new Date(d).toISOString();

type DiscussionCols = Partial<Pick<ThreadRow, "dc_org_id" | "dc_visibility" | "dc_shared_org_ids" | "dc_state" | "dc_hidden_at" | "dc_deleted_at">>;

/** The thread's facts for the read rule; with the `dc_` columns of findThreadRow, also the case it discusses. */
export const threadFacts = (
  t: Pick<ThreadRow, "org_id" | "visibility" | "shared_org_ids" | "author_id" | "kind" | "hidden_at" | "deleted_at" | "locked_at"> & DiscussionCols,
): ThreadFacts => ({
  orgId: t.org_id,
  visibility: t.visibility,
  sharedOrgIds: t.shared_org_ids ?? [],
  authorId: t.author_id,
  kind: t.kind,
  hiddenAt: t.hidden_at,
  deletedAt: t.deleted_at,
  lockedAt: t.locked_at,
  discussionOf: t.dc_org_id && t.dc_visibility && t.dc_state
    ? {
        orgId: t.dc_org_id, visibility: t.dc_visibility, sharedOrgIds: (t.dc_shared_org_ids ?? []).map(String), state: t.dc_state,
        hiddenAt: t.dc_hidden_at ?? null, deletedAt: t.dc_deleted_at ?? null,
      }
    : null,
});

export const postFacts = (p: Pick<PostRow, "author_id" | "hidden_at" | "deleted_at">): PostFacts => ({
  authorId: p.author_id,
  hiddenAt: p.hidden_at,
  deletedAt: p.deleted_at,
});

export const tagRef = (r: { slug: string; name_sv: string; name_en: string; area: TagArea }): TagRef => ({
  slug: r.slug, nameSv: r.name_sv, nameEn: r.name_en, area: r.area,
});

/** `newSince`: the viewer's previous visit (their unread threads started after it are new); `viewerId` the viewer. */
export function toListItem(r: ThreadListRow, tags: TagRef[], viewerId: string | null = null, newSince: Date | null = null): ThreadListItem {
  return {
    id: r.id,
    slug: r.slug,
    kind: r.kind,
    title: r.title,
    org: { id: r.org_id, slug: r.org_slug, name: r.org_name },
    visibility: r.visibility,
    shared: (r.shared_org_ids ?? []).length > 0,
    author: { id: r.author_id, handle: r.author_handle, name: r.author_name },
    replyCount: Math.max(0, r.reply_count - Number(r.hidden_replies ?? 0)),
    lastActivityAt: iso(r.last_activity_at),
    createdAt: iso(r.created_at),
    solved: r.accepted_post_id !== null,
    hidden: r.hidden_at !== null,
    tags,
    sharedWith: r.shared_org_names ?? [],
    readers: Number(r.readers ?? 0),
    votes: Number(r.votes ?? 0),
    isNew: Boolean(viewerId && newSince && r.last_read_number === null && r.author_id !== viewerId && new Date(r.created_at) > newSince),
    newReplies: Number(r.new_replies ?? 0),
  };
}

export const toRevision = (r: RevisionRow): Revision => ({
  id: r.id,
  editor: { id: r.editor_id, handle: r.editor_handle, name: r.editor_name },
  at: iso(r.created_at),
  reason: r.reason,
  oldTitle: r.old_title,
  newTitle: r.new_title,
  oldBody: r.old_body_md,
  newBody: r.new_body_md,
});

export { iso };
