import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import type { CaseScope, PostFacts, ThreadFacts } from "../policy";

type Q = Kysely<Database> | Transaction<Database>;

// Reads the fan-out needs about the item an event concerns.

export async function threadInfo(db: Q, id: string): Promise<(ThreadFacts & { id: string; orgId: string; title: string }) | null> {
  const t = await db.selectFrom("threads").selectAll().where("id", "=", id).executeTakeFirst();
  if (!t) return null;
  // A case's discussion follows its case (the complete read rule needs the case's facts too).
  const dc = await db.selectFrom("cases").select(["org_id", "visibility", "shared_org_ids", "state", "hidden_at", "deleted_at"])
    .where("discussion_thread_id", "=", id).orderBy("id").limit(1).executeTakeFirst();
  return {
    id: t.id, title: t.title, orgId: t.org_id, visibility: t.visibility, sharedOrgIds: t.shared_org_ids ?? [], authorId: t.author_id,
    kind: t.kind, hiddenAt: t.hidden_at, deletedAt: t.deleted_at, lockedAt: t.locked_at,
    discussionOf: dc ? { orgId: dc.org_id, visibility: dc.visibility, sharedOrgIds: (dc.shared_org_ids ?? []).map(String), state: dc.state, hiddenAt: dc.hidden_at, deletedAt: dc.deleted_at } : null,
  };
}

export async function postInfo(db: Q, id: string): Promise<(PostFacts & { id: string; threadId: string; number: number }) | null> {
  const p = await db.selectFrom("posts").select(["id", "thread_id", "number", "author_id", "hidden_at", "deleted_at"]).where("id", "=", id).executeTakeFirst();
  return p ? { id: p.id, threadId: p.thread_id, number: p.number, authorId: p.author_id, hiddenAt: p.hidden_at, deletedAt: p.deleted_at } : null;
}

export async function caseInfo(db: Q, id: string): Promise<(CaseScope & { id: string; createdBy: string; contactUserId: string | null; discussionThreadId: string | null }) | null> {
  const c = await db.selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirst();
  if (!c) return null;
  return {
    id: c.id, orgId: c.org_id, visibility: c.visibility, sharedOrgIds: c.shared_org_ids ?? [], state: c.state, hiddenAt: c.hidden_at,
    deletedAt: c.deleted_at, createdBy: c.created_by, contactUserId: c.contact_user_id, discussionThreadId: c.discussion_thread_id,
  };
}

export async function tagIdsOfThread(db: Q, threadId: string): Promise<string[]> {
  const rows = await db.selectFrom("thread_tags").select("tag_id").where("thread_id", "=", threadId).execute();
  return rows.map((r) => r.tag_id);
}

export async function questionFollowers(db: Q, threadId: string): Promise<string[]> {
  const rows = await db.selectFrom("question_followers").select("user_id").where("thread_id", "=", threadId).execute();
  return rows.map((r) => r.user_id);
}

export async function voteCount(db: Q, postId: string): Promise<number> {
  const r = await db.selectFrom("votes").select((eb) => eb.fn.countAll<string>().as("n")).where("post_id", "=", postId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function orgName(db: Q, id: string): Promise<{ slug: string; name: string } | null> {
  return (await db.selectFrom("organisations").select(["slug", "name"]).where("id", "=", id).executeTakeFirst()) ?? null;
}
