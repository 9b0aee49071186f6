import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import { recordSearchChange } from "../../search/outbox";
import { dropAttachmentsOf } from "../attachments/attachments.server";
import { renderMarkdown } from "../lib/markdown.server";
import * as repo from "./moderation.repo.server";

// What moderation may change on threads and replies, as the forum's own functions: moderation
// decides who may act (canModerate) and logs it; these keep the forum's rules (revisions, the
// rendered HTML, the accepted answer, the search documents) in one home. Each runs inside the
// caller's transaction, so the change, its search job and the audit entry commit together.

type Trx = Transaction<Database> | Kysely<Database>;
export type ForumItem = { type: "thread" | "post"; id: string; threadId: string };

/** Moderators in scope: hides an item with a reason, or restores it (`h` null). */
export async function setForumHidden(trx: Trx, t: { type: "thread" | "post"; id: string }, h: repo.Hidden) {
  if (t.type === "thread") await repo.setThreadHidden(trx, t.id, h);
  else await repo.setPostHidden(trx, t.id, h);
  await recordSearchChange(trx, t.type, t.id, "upsert");
}

/** Moderators in scope: marks a thread as outdated (a note readers see), or clears it. */
export async function setThreadOutdated(trx: Trx, id: string, note: string | null) {
  await repo.setThreadOutdated(trx, id, note);
  await recordSearchChange(trx, "thread", id, "upsert");
}

/** Moderators in scope: locks a thread against replies, or unlocks it (`at` null). */
export const setThreadLocked = (trx: Trx, id: string, at: Date | null) => repo.setThreadLocked(trx, id, at);

/** Moderators in scope: pins a thread on the front page or a tag page, or unpins it. */
export const setThreadPinned = (trx: Trx, id: string, scope: string | null, at: Date | null) => repo.setThreadPinned(trx, id, scope, at);

/** Moderators in scope: replaces a thread's tags (ids already resolved and checked). */
export async function retagThread(trx: Trx, id: string, tagIds: string[]) {
  await repo.replaceThreadTags(trx, id, tagIds);
  await recordSearchChange(trx, "thread", id, "upsert");
}

/** Moderators in scope: replaces a thread's or reply's text, keeping the previous text as a revision. */
export async function editForumText(
  trx: Trx,
  t: ForumItem,
  e: { title?: string; oldTitle?: string; body: string; oldBody: string; editorId: string; reason: string; at: Date },
) {
  const html = renderMarkdown(e.body);
  if (t.type === "thread") await repo.setThreadText(trx, t.id, { title: e.title, bodyMd: e.body, bodyHtml: html, at: e.at });
  else await repo.setPostText(trx, t.id, { bodyMd: e.body, bodyHtml: html, at: e.at });
  await repo.insertRevision(trx, {
    threadId: t.threadId, postId: t.type === "post" ? t.id : null, editorId: e.editorId,
    oldTitle: e.title ? (e.oldTitle ?? null) : null, newTitle: e.title ?? null, oldBody: e.oldBody, newBody: e.body, reason: e.reason, at: e.at,
  });
  await recordSearchChange(trx, t.type, t.id, "upsert");
}

/**
 * Moderators in scope: replaces `needle` with `mark` in every stored copy of a thread's or
 * reply's text — the live body (and title) and all revisions. Returns the live fields changed
 * and how many revisions changed.
 */
export async function redactForumItem(trx: Trx, t: ForumItem, needle: string, mark: string, at: Date) {
  const fields: string[] = [];
  const row = await repo.bodyOf(trx, t.type, t.id);
  if (row && row.body_md.includes(needle)) {
    const md = row.body_md.split(needle).join(mark);
    const text = { bodyMd: md, bodyHtml: renderMarkdown(md), at };
    if (t.type === "thread") await repo.setThreadText(trx, t.id, text);
    else await repo.setPostText(trx, t.id, text);
    fields.push("body");
  }
  if (row && t.type === "thread" && (await repo.replaceInTitle(trx, t.id, needle, mark))) fields.push("title");
  const revisions = await repo.replaceInRevisions(trx, t, needle, mark);
  if (fields.length || revisions) await recordSearchChange(trx, t.type, t.id, "upsert");
  return { fields, revisions };
}

/**
 * Network admins, under a disposal decision (gallring): the forum's only hard delete. A thread
 * goes with its replies and the attachment rows of both; every search document that showed the
 * item is rebuilt or dropped. Returns the ids of the replies removed with a thread and the blob
 * hashes the removed attachments named (for removeBlobsIfUnused after the commit).
 */
export async function disposeForumItem(trx: Trx, t: { type: "thread" | "post"; id: string }): Promise<{ replies: string[]; blobHashes: string[] }> {
  const replies = t.type === "thread" ? await repo.replyIds(trx, t.id) : [];
  if (t.type === "thread") await repo.deleteThreadRow(trx, t.id);
  else await repo.deletePostRow(trx, t.id);
  const blobHashes = await dropAttachmentsOf(trx, t.type === "thread" ? [{ type: "thread", ids: [t.id] }, { type: "post", ids: replies }] : [{ type: "post", ids: [t.id] }]);
  for (const p of replies) await recordSearchChange(trx, "post", p, "delete");
  await recordSearchChange(trx, t.type, t.id, "delete");
  return { replies, blobHashes };
}

/**
 * Its author or moderators in scope (app/policy/thread-moves.ts): gives a thread a new owning
 * organisation and audience. Its replies follow (they take the thread's visibility), and so do
 * their search documents, rebuilt here in the same transaction; the page cache follows page_rev.
 */
export async function moveThread(trx: Trx, id: string, to: { orgId: string; visibility: "organisation" | "network" | "public"; sharedOrgIds: string[] }) {
  await repo.setThreadScope(trx, id, to);
  await recordSearchChange(trx, "thread", id, "upsert");
}

/**
 * Moderators in scope over both (app/policy/thread-moves.ts canMergeThreads): merges a
 * duplicate question into another — its replies move, it is removed and its address redirects
 * to the target. Its "same question" followers who may read the target (`readers`) follow the
 * target instead; the others stay on the removed duplicate. Both threads' search documents
 * (and the replies') are rebuilt here.
 */
export async function mergeThreadInto(
  trx: Trx, fromId: string, intoId: string, by: string, at: Date, readers: (userIds: string[]) => Promise<Set<string>>,
): Promise<{ replies: string[]; followers: number }> {
  const replies = await repo.moveRepliesInto(trx, fromId, intoId, by, at);
  const following = await repo.followerIds(trx, fromId);
  const may = following.length ? await readers(following) : new Set<string>();
  const followers = await repo.moveFollowersInto(trx, fromId, intoId, following.filter((u) => may.has(u)), at);
  await recordSearchChange(trx, "thread", fromId, "upsert");
  await recordSearchChange(trx, "thread", intoId, "upsert");
  return { replies, followers };
}
