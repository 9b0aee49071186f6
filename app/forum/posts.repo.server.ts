import { sql, type Insertable, type Transaction, type Updateable } from "kysely";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";
import type { PostRevisionsTable, PostsTable } from "../../db/types/forum";

type Db = DB | Transaction<Database>;

/** Inserts the next numbered reply. The caller holds the thread row lock (FOR UPDATE). */
export async function insertPost(trx: Transaction<Database>, row: Omit<Insertable<PostsTable>, "number">) {
  const { n } = await trx
    .selectFrom("posts")
    .select(sql<number>`coalesce(max(number), 0) + 1`.as("n"))
    .where("thread_id", "=", row.thread_id)
    .executeTakeFirstOrThrow();
  return trx.insertInto("posts").values({ ...row, number: n }).returning(["id", "number"]).executeTakeFirstOrThrow();
}

export function listPostRows(db: Db, threadId: string) {
  return db
    .selectFrom("posts as p")
    .innerJoin("users as u", "u.id", "p.author_id")
    .selectAll("p")
    .select(["u.handle as author_handle", "u.name as author_name"])
    .where("p.thread_id", "=", threadId)
    .orderBy("p.number")
    .execute();
}
export type PostRow = Awaited<ReturnType<typeof listPostRows>>[number];

export function findPostRow(db: Db, postId: string, forUpdate = false) {
  let q = db.selectFrom("posts").selectAll().where("id", "=", postId);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function updatePostRow(db: Db, id: string, set: Updateable<PostsTable>) {
  return db.updateTable("posts").set(set).where("id", "=", id).execute();
}

export function insertRevision(db: Db, row: Insertable<PostRevisionsTable>) {
  return db.insertInto("post_revisions").values(row).execute();
}

export function listRevisionRows(db: Db, threadId: string) {
  return db
    .selectFrom("post_revisions as r")
    .innerJoin("users as u", "u.id", "r.editor_id")
    .selectAll("r")
    .select(["u.handle as editor_handle", "u.name as editor_name"])
    .where("r.thread_id", "=", threadId)
    .orderBy("r.id", "desc")
    .execute();
}
export type RevisionRow = Awaited<ReturnType<typeof listRevisionRows>>[number];

export function votedPostIds(db: Db, threadId: string, userId: string) {
  return db
    .selectFrom("votes as v")
    .innerJoin("posts as p", "p.id", "v.post_id")
    .select("v.post_id")
    .where("p.thread_id", "=", threadId)
    .where("v.user_id", "=", userId)
    .execute();
}

/** Adds or removes one person's vote and recounts the post's votes in the same statement set. */
export async function setVote(trx: Transaction<Database>, postId: string, userId: string, on: boolean) {
  if (on) await trx.insertInto("votes").values({ post_id: postId, user_id: userId }).onConflict((oc) => oc.doNothing()).execute();
  else await trx.deleteFrom("votes").where("post_id", "=", postId).where("user_id", "=", userId).execute();
  await sql`UPDATE posts SET votes = detached_votes + (SELECT count(*) FROM votes WHERE post_id = ${postId}) WHERE id = ${postId}`.execute(trx);
}
