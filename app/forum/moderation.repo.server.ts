import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/types";

// The forum tables' writes that moderation asks for (hide, lock, pin, retag, edit, redact,
// gallring). Kysely lives here; app/forum/moderation-state.server.ts is what moderation calls.

type Q = Kysely<Database> | Transaction<Database>;
export type Hidden = { at: Date; by: string; reason: string } | null;

export async function setThreadHidden(trx: Q, id: string, h: Hidden) {
  await trx.updateTable("threads").set({ hidden_at: h?.at ?? null, hidden_by: h?.by ?? null, hidden_reason: h?.reason ?? null }).where("id", "=", id).execute();
}

export async function setPostHidden(trx: Q, id: string, h: Hidden) {
  await trx.updateTable("posts").set({ hidden_at: h?.at ?? null, hidden_by: h?.by ?? null, hidden_reason: h?.reason ?? null }).where("id", "=", id).execute();
}

export async function setThreadOutdated(trx: Q, id: string, note: string | null) {
  await trx.updateTable("threads").set({ outdated_note: note }).where("id", "=", id).execute();
}

export async function setThreadLocked(trx: Q, id: string, at: Date | null) {
  await trx.updateTable("threads").set({ locked_at: at }).where("id", "=", id).execute();
}

export async function setThreadPinned(trx: Q, id: string, scope: string | null, at: Date | null) {
  await trx.updateTable("threads").set({ pinned_scope: scope, pinned_at: at }).where("id", "=", id).execute();
}

export async function replaceThreadTags(trx: Q, threadId: string, tagIds: string[]) {
  await trx.deleteFrom("thread_tags").where("thread_id", "=", threadId).execute();
  if (tagIds.length) await trx.insertInto("thread_tags").values(tagIds.map((tag_id) => ({ thread_id: threadId, tag_id }))).execute();
}

export async function setThreadText(trx: Q, id: string, t: { title?: string; bodyMd: string; bodyHtml: string; at: Date }) {
  await trx.updateTable("threads").set({ body_md: t.bodyMd, body_html: t.bodyHtml, updated_at: t.at, ...(t.title ? { title: t.title } : {}) }).where("id", "=", id).execute();
}

export async function setPostText(trx: Q, id: string, t: { bodyMd: string; bodyHtml: string; at: Date }) {
  await trx.updateTable("posts").set({ body_md: t.bodyMd, body_html: t.bodyHtml, updated_at: t.at }).where("id", "=", id).execute();
}

export async function insertRevision(
  trx: Q,
  r: { threadId: string; postId: string | null; editorId: string; oldTitle: string | null; newTitle: string | null; oldBody: string; newBody: string; reason: string; at: Date },
) {
  await trx.insertInto("post_revisions").values({
    thread_id: r.threadId, post_id: r.postId, editor_id: r.editorId, old_title: r.oldTitle, new_title: r.newTitle,
    old_body_md: r.oldBody, new_body_md: r.newBody, reason: r.reason, created_at: r.at,
  }).execute();
}

export function bodyOf(trx: Q, type: "thread" | "post", id: string) {
  return type === "thread"
    ? trx.selectFrom("threads").select(["body_md"]).where("id", "=", id).executeTakeFirst()
    : trx.selectFrom("posts").select(["body_md"]).where("id", "=", id).executeTakeFirst();
}

/** Replaces `needle` in a thread's title; true when the title held it. */
export async function replaceInTitle(trx: Q, id: string, needle: string, mark: string): Promise<boolean> {
  const r = await sql`UPDATE threads SET title = replace(title, ${needle}, ${mark}) WHERE id = ${id} AND strpos(title, ${needle}) > 0`.execute(trx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/** Replaces `needle` in every stored revision of a thread's opening text or of a reply. Returns rows changed. */
export async function replaceInRevisions(trx: Q, t: { type: "thread" | "post"; id: string }, needle: string, mark: string): Promise<number> {
  const scope = t.type === "post" ? sql`post_id = ${t.id}` : sql`thread_id = ${t.id} AND post_id IS NULL`;
  const r = await sql`
    UPDATE post_revisions SET
      old_body_md = replace(old_body_md, ${needle}, ${mark}), new_body_md = replace(new_body_md, ${needle}, ${mark}),
      old_title = replace(old_title, ${needle}, ${mark}), new_title = replace(new_title, ${needle}, ${mark})
    WHERE ${scope} AND (strpos(old_body_md, ${needle}) > 0 OR strpos(new_body_md, ${needle}) > 0
      OR strpos(coalesce(old_title,''), ${needle}) > 0 OR strpos(coalesce(new_title,''), ${needle}) > 0)`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/** The only hard delete of a thread: its replies go with it (ON DELETE CASCADE). */
export async function deleteThreadRow(trx: Q, id: string) {
  await trx.updateTable("threads").set({ accepted_post_id: null }).where("id", "=", id).execute();
  await trx.deleteFrom("threads").where("id", "=", id).execute();
}

/** The only hard delete of a reply: a question it answered is no longer solved by it. */
export async function deletePostRow(trx: Q, id: string) {
  await trx.updateTable("threads").set({ accepted_post_id: null }).where("accepted_post_id", "=", id).execute();
  await trx.deleteFrom("posts").where("id", "=", id).execute();
}

export async function replyIds(trx: Q, threadId: string): Promise<string[]> {
  const rows = await trx.selectFrom("posts").select("id").where("thread_id", "=", threadId).execute();
  return rows.map((r) => r.id);
}

export async function setThreadScope(trx: Q, id: string, to: { orgId: string; visibility: "organisation" | "network" | "public"; sharedOrgIds: string[] }) {
  await trx.updateTable("threads").set({ org_id: to.orgId, visibility: to.visibility, shared_org_ids: to.sharedOrgIds }).where("id", "=", id).execute();
}

/** Who said "I have this question too" on a thread. */
export async function followerIds(trx: Q, threadId: string): Promise<string[]> {
  const rows = await trx.selectFrom("question_followers").select("user_id").where("thread_id", "=", threadId).execute();
  return rows.map((r) => r.user_id);
}

/** Merging: these followers of `fromId` follow `intoId` instead (once each); returns how many were new there. */
export async function moveFollowersInto(trx: Q, fromId: string, intoId: string, userIds: string[], at: Date): Promise<number> {
  if (!userIds.length) return 0;
  const added = await trx.insertInto("question_followers").values(userIds.map((u) => ({ thread_id: intoId, user_id: u, created_at: at })))
    .onConflict((oc) => oc.columns(["thread_id", "user_id"]).doNothing()).returning("user_id").execute();
  await trx.deleteFrom("question_followers").where("thread_id", "=", fromId).where("user_id", "in", userIds).execute();
  return added.length;
}

/**
 * Moves every reply of `fromId` into `intoId`, numbered after the target's last reply in their
 * old order, with their revisions; both counters and the target's last activity follow. The
 * source keeps its own text, is marked removed and points at the target.
 */
export async function moveRepliesInto(trx: Q, fromId: string, intoId: string, by: string, at: Date): Promise<string[]> {
  const last = await trx.selectFrom("posts").select((eb) => eb.fn.max("number").as("n")).where("thread_id", "=", intoId).executeTakeFirst();
  let next = Number(last?.n ?? 0);
  const replies = await trx.selectFrom("posts").select(["id", "created_at"]).where("thread_id", "=", fromId).orderBy("number").execute();
  for (const r of replies) {
    next += 1;
    await trx.updateTable("posts").set({ thread_id: intoId, number: next }).where("id", "=", r.id).execute();
  }
  const ids = replies.map((r) => r.id);
  if (ids.length) await trx.updateTable("post_revisions").set({ thread_id: intoId }).where("post_id", "in", ids).execute();
  await trx.updateTable("threads")
    .set({ merged_into_id: intoId, deleted_at: at, deleted_by: by, accepted_post_id: null, reply_count: 0, pinned_scope: null, pinned_at: null })
    .where("id", "=", fromId).execute();
  const live = await trx.selectFrom("posts").select((eb) => eb.fn.countAll<string>().as("n")).where("thread_id", "=", intoId).where("deleted_at", "is", null).executeTakeFirstOrThrow();
  const newest = await trx.selectFrom("posts").select((eb) => eb.fn.max("created_at").as("at")).where("thread_id", "=", intoId).executeTakeFirst();
  await trx.updateTable("threads")
    .set((eb) => ({ reply_count: Number(live.n), last_activity_at: eb.fn("greatest", [eb.ref("last_activity_at"), eb.val(newest?.at ?? at)]) }))
    .where("id", "=", intoId).execute();
  return ids;
}
