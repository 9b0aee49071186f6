import { sql, type Transaction } from "kysely";
import type { Database } from "../../db/types";

// The forum's part of erasing a person (app/privacy/erasure.server.ts calls these inside its
// transaction): votes and "me too" marks become counts only, watches go, and mentions of the old
// handle are rewritten in stored Markdown, rendered HTML and revisions. Each update of a thread or
// a reply moves the thread's page_rev (triggers), so the page cache cannot serve the old text.
type Tx = Transaction<Database>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
/** The handle as a whole word (a handle may contain . _ -), case-insensitive, for PostgreSQL regexp_replace. */
const handleRe = (handle: string) => `(^|[^A-Za-z0-9._-])${handle.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}(?![A-Za-z0-9_-])`;

export async function detachVotesAndMeToo(trx: Tx, userId: string): Promise<{ votes: number; meToo: number }> {
  const v = await sql`UPDATE posts p SET detached_votes = p.detached_votes + 1 FROM votes v WHERE v.post_id = p.id AND v.user_id = ${userId}`.execute(trx);
  await trx.deleteFrom("votes").where("user_id", "=", userId).execute();
  const m = await sql`UPDATE threads t SET detached_me_too = t.detached_me_too + 1 FROM question_followers f WHERE f.thread_id = t.id AND f.user_id = ${userId}`.execute(trx);
  await trx.deleteFrom("question_followers").where("user_id", "=", userId).execute();
  await trx.deleteFrom("thread_watchers").where("user_id", "=", userId).execute();
  return { votes: Number(v.numAffectedRows ?? 0), meToo: Number(m.numAffectedRows ?? 0) };
}

/**
 * Rewrites every occurrence of `@old` (and /u/old links) to the new handle in threads, replies,
 * their revisions and moderator edits. Returns the threads and replies it changed.
 */
export async function rewriteHandle(trx: Tx, oldHandle: string, newHandle: string): Promise<{ threadIds: string[]; postIds: string[] }> {
  const like = `%${escapeLike(oldHandle)}%`;
  const re = handleRe(oldHandle);
  const rep = `\\1${newHandle}`;
  const threads = await sql<{ id: string }>`
    UPDATE threads SET body_md = regexp_replace(body_md, ${re}, ${rep}, 'gi'), body_html = regexp_replace(body_html, ${re}, ${rep}, 'gi'),
      title = regexp_replace(title, ${re}, ${rep}, 'gi')
    WHERE body_md ILIKE ${like} OR body_html ILIKE ${like} OR title ILIKE ${like} RETURNING id`.execute(trx);
  const posts = await sql<{ id: string }>`
    UPDATE posts SET body_md = regexp_replace(body_md, ${re}, ${rep}, 'gi'), body_html = regexp_replace(body_html, ${re}, ${rep}, 'gi')
    WHERE body_md ILIKE ${like} OR body_html ILIKE ${like} RETURNING id`.execute(trx);
  await sql`
    UPDATE post_revisions SET old_body_md = regexp_replace(old_body_md, ${re}, ${rep}, 'gi'), new_body_md = regexp_replace(new_body_md, ${re}, ${rep}, 'gi'),
      old_title = regexp_replace(old_title, ${re}, ${rep}, 'gi'), new_title = regexp_replace(new_title, ${re}, ${rep}, 'gi')
    WHERE old_body_md ILIKE ${like} OR new_body_md ILIKE ${like} OR old_title ILIKE ${like} OR new_title ILIKE ${like}`.execute(trx);
  await sql`
    UPDATE moderator_edits SET old_text = regexp_replace(old_text, ${re}, ${rep}, 'gi'), new_text = regexp_replace(new_text, ${re}, ${rep}, 'gi')
    WHERE old_text ILIKE ${like} OR new_text ILIKE ${like}`.execute(trx);
  return { threadIds: threads.rows.map((r) => r.id), postIds: posts.rows.map((r) => r.id) };
}

/** Threads whose pages show the person (their own, and those they replied in): moved page_rev, ids to reindex. */
export async function touchThreadsOf(trx: Tx, userId: string): Promise<{ threadIds: string[]; postIds: string[] }> {
  const posts = await trx.selectFrom("posts").select(["id", "thread_id"]).where("author_id", "=", userId).execute();
  const own = await trx.selectFrom("threads").select("id").where("author_id", "=", userId).execute();
  const threadIds = [...new Set([...own.map((t) => t.id), ...posts.map((p) => p.thread_id)])];
  if (threadIds.length) await sql`UPDATE threads SET page_rev = page_rev + 1 WHERE id = ANY(${threadIds}::bigint[])`.execute(trx);
  return { threadIds, postIds: posts.map((p) => p.id) };
}
