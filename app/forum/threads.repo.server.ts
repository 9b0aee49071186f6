import { sql, type SelectQueryBuilder, type Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";
import type { ThreadsTable } from "../../db/types/forum";
import type { Insertable, Updateable } from "kysely";
import { listedThreads, type Viewer } from "../policy";
import type { ThreadFilters, ThreadSort } from "./types";

/** List filters with tag words already resolved to tag ids. */
export type RepoFilters = Omit<ThreadFilters, "tags"> & { tagIds?: string[] };

type Db = DB | Transaction<Database>;

export async function insertThread(trx: Transaction<Database>, row: Insertable<ThreadsTable>, tagIds: string[]) {
  const t = await trx.insertInto("threads").values(row).returning(["id", "slug"]).executeTakeFirstOrThrow();
  if (tagIds.length) await trx.insertInto("thread_tags").values(tagIds.map((tag_id) => ({ thread_id: t.id, tag_id }))).execute();
  return t;
}

export function updateThreadRow(db: Db, id: string, set: Updateable<ThreadsTable>) {
  return db.updateTable("threads").set(set).where("id", "=", id).execute();
}

/**
 * One thread with its organisation, author and the case it discusses (if any), whatever its
 * state; callers apply the complete read rule (threadFacts → canReadThread / threadAccess).
 */
export function findThreadRow(db: Db, id: string, forUpdate = false) {
  let q = db
    .selectFrom("threads as t")
    .innerJoin("organisations as o", "o.id", "t.org_id")
    .innerJoin("users as u", "u.id", "t.author_id")
    .leftJoin("cases as dc", "dc.discussion_thread_id", "t.id")
    .selectAll("t")
    .select(["o.slug as org_slug", "o.name as org_name", "u.handle as author_handle", "u.name as author_name"])
    .select([
      "dc.org_id as dc_org_id", "dc.visibility as dc_visibility", "dc.shared_org_ids as dc_shared_org_ids", "dc.state as dc_state",
      "dc.hidden_at as dc_hidden_at", "dc.deleted_at as dc_deleted_at",
    ])
    .where("t.id", "=", id)
    .orderBy("dc.id");
  if (forUpdate) q = q.forUpdate("t");
  return q.executeTakeFirst();
}
export type ThreadRow = NonNullable<Awaited<ReturnType<typeof findThreadRow>>>;

export function orgsByIds(db: Db, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom("organisations").select(["id", "slug", "name"]).where("id", "in", ids).execute();
}

// The readable, live threads for a viewer with the list filters applied.
function scoped(db: Db, viewer: Viewer | null, f: RepoFilters) {
  let q = db
    .selectFrom("threads as t")
    .where(() => listedThreads(viewer, "t"));
  if (f.orgId) q = q.where("t.org_id", "=", f.orgId);
  // "Mina trådar" and "Trådar jag bevakar" mean nothing signed out: no rows.
  if (f.mine) q = q.where("t.author_id", "=", viewer?.id ?? "0");
  if (f.watching) {
    const uid = viewer?.id ?? "0";
    q = q.where((eb) =>
      eb.exists(
        eb.selectFrom("watches as w").select(sql`1`.as("x"))
          .whereRef("w.target_id", "=", "t.id").where("w.target_type", "=", "thread").where("w.user_id", "=", uid).where("w.level", "=", "watching"),
      ),
    );
  }
  if (f.pinnedScope) q = q.where("t.pinned_scope", "=", f.pinnedScope).where("t.pinned_at", "is not", null);
  if (f.kind) q = q.where("t.kind", "=", f.kind);
  if (f.status === "solved") q = q.where("t.accepted_post_id", "is not", null);
  if (f.status === "unanswered") q = q.where("t.kind", "=", "question").where("t.accepted_post_id", "is", null);
  if (f.areas?.length) {
    const areas = f.areas;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("thread_tags as tta")
          .innerJoin("tags as ta", "ta.id", "tta.tag_id")
          .select(sql`1`.as("x"))
          .whereRef("tta.thread_id", "=", "t.id")
          .where("ta.area", "in", areas as never[]),
      ),
    );
  }
  for (const tagId of f.tagIds ?? []) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("thread_tags as tt")
          .select(sql`1`.as("x"))
          .whereRef("tt.thread_id", "=", "t.id")
          .where("tt.tag_id", "=", tagId),
      ),
    );
  }
  return q;
}


// Helpful votes on a thread's live answers (what "Flest röster" sorts by); one correlated
// subquery over posts_thread index, inside the list query.
const votesOf = (alias: string) =>
  sql<number>`(SELECT coalesce(sum(pv.votes), 0)::int FROM posts pv WHERE pv.thread_id = ${sql.ref(`${alias}.id`)} AND pv.deleted_at IS NULL AND pv.hidden_at IS NULL)`;

const sortKey = (sort: ThreadSort) =>
  sort === "votes" ? votesOf("t") : sort === "newest" ? sql`t.created_at` : sql`t.last_activity_at`;

/**
 * Keyset page in the chosen order: `after` is the (key, id) of the previous page's last row (a
 * time or a vote count). One query: the viewer's read state is a join on thread_reads' key, the
 * shared organisations' names, readers and unread replies are subqueries on indexed columns.
 */
export function listThreadRows(
  db: Db, viewer: Viewer | null, f: RepoFilters, limit: number, after?: { at: Date | number; id: string }, sort: ThreadSort = "activity",
) {
  const key = sortKey(sort);
  let q = scoped(db, viewer, f) as SelectQueryBuilder<any, any, any>;
  if (after) q = q.where(sql<boolean>`(${key}, t.id) < (${after.at}, ${after.id}::bigint)`);
  const viewerId = viewer?.id ?? null;
  return (q as ReturnType<typeof scoped>)
    .innerJoin("organisations as o", "o.id", "t.org_id")
    .innerJoin("users as u", "u.id", "t.author_id")
    .leftJoin("thread_reads as tr", (j) => j.onRef("tr.thread_id", "=", "t.id").on("tr.user_id", "=", viewerId ?? "0"))
    .select([
      "t.id", "t.slug", "t.kind", "t.title", "t.org_id", "t.visibility", "t.shared_org_ids", "t.author_id", "t.reply_count",
      "t.last_activity_at", "t.created_at", "t.accepted_post_id", "t.hidden_at",
      "o.slug as org_slug", "o.name as org_name", "u.handle as author_handle", "u.name as author_name",
      "tr.last_read_number",
    ])
    // Replies hidden by a moderator are not counted for readers who cannot see them.
    .select((eb) =>
      eb
        .selectFrom("posts as p")
        .whereRef("p.thread_id", "=", "t.id")
        .where("p.deleted_at", "is", null)
        .where("p.hidden_at", "is not", null)
        .select((e) => e.fn.countAll<string>().as("n"))
        .as("hidden_replies"),
    )
    .select(sql<string[]>`(SELECT coalesce(array_agg(so.name ORDER BY so.name), '{}') FROM organisations so WHERE so.id = ANY(t.shared_org_ids))`.as("shared_org_names"))
    .select(sql<string>`(SELECT count(*) FROM thread_reads rd WHERE rd.thread_id = t.id)`.as("readers"))
    .select(votesOf("t").as("votes"))
    // Live replies by others after the viewer's mark: what "N nya svar" counts (0 if never opened).
    .select(sql<string>`CASE WHEN tr.thread_id IS NULL THEN 0 ELSE (SELECT count(*) FROM posts pn WHERE pn.thread_id = t.id
      AND pn.number > tr.last_read_number AND pn.deleted_at IS NULL AND pn.hidden_at IS NULL AND pn.author_id <> ${viewerId ?? "0"}::bigint) END`.as("new_replies"))
    .orderBy(key, "desc")
    .orderBy("t.id", "desc")
    .limit(limit)
    .execute();
}
export type ThreadListRow = Awaited<ReturnType<typeof listThreadRows>>[number];

export async function countThreadRows(db: Db, viewer: Viewer | null, f: RepoFilters): Promise<number> {
  const r = await scoped(db, viewer, f).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The default for what you start or reply to: watching, unless you chose a level for it before. */
export async function addWatcher(db: Db, threadId: string, userId: string) {
  await db.insertInto("watches").values({ user_id: userId, target_type: "thread", target_id: threadId, level: "watching" }).onConflict((oc) => oc.doNothing()).execute();
}
export async function setFollower(db: Db, threadId: string, userId: string, on: boolean) {
  if (on) await db.insertInto("question_followers").values({ thread_id: threadId, user_id: userId }).onConflict((oc) => oc.doNothing()).execute();
  else await db.deleteFrom("question_followers").where("thread_id", "=", threadId).where("user_id", "=", userId).execute();
}

export async function viewerThreadState(db: Db, threadId: string, userId: string | null) {
  const [followers, following, watching, detached] = await Promise.all([
    db.selectFrom("question_followers").select((eb) => eb.fn.countAll<string>().as("n")).where("thread_id", "=", threadId).executeTakeFirstOrThrow(),
    userId ? db.selectFrom("question_followers").select("user_id").where("thread_id", "=", threadId).where("user_id", "=", userId).executeTakeFirst() : undefined,
    userId ? db.selectFrom("watches").select("level").where("target_type", "=", "thread").where("target_id", "=", threadId).where("user_id", "=", userId).executeTakeFirst() : undefined,
    db.selectFrom("threads").select("detached_me_too").where("id", "=", threadId).executeTakeFirst(),
  ]);
  return { followerCount: Number(followers.n) + (detached?.detached_me_too ?? 0), following: Boolean(following), watching: watching?.level === "watching", watchLevel: watching?.level ?? "normal" };
}

/** Keeps the reply counter (live replies) and last activity with the write that changed them. */
export function bumpThread(trx: Transaction<Database>, id: string, delta: number, activityAt: Date | null) {
  return trx
    .updateTable("threads")
    .set((eb) => ({
      reply_count: eb("reply_count", "+", delta),
      ...(activityAt ? { last_activity_at: activityAt } : {}),
    }))
    .where("id", "=", id)
    .execute();
}

/** The areas of the tags on threads a person started, answered or watches (their "areas"). */
export async function areasOfUser(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("watches as w")
    .innerJoin("thread_tags as tt", (j) => j.onRef("tt.thread_id", "=", "w.target_id").on("w.target_type", "=", "thread").on("w.level", "=", "watching"))
    .innerJoin("tags as tg", "tg.id", "tt.tag_id")
    .select("tg.area")
    .distinct()
    .where("w.user_id", "=", userId)
    .execute();
  return rows.map((r) => r.area);
}

/** A person's latest "question solved" notifications, for threads they may still read. */
export function solvedNoticeRows(db: Db, viewer: Viewer, limit: number) {
  return db
    .selectFrom("notifications as n")
    .innerJoin("threads as t", "t.id", "n.thread_id")
    .leftJoin("posts as p", "p.id", "n.post_id")
    .select(["n.id", "n.created_at", "p.number as post_number", "t.id as thread_id", "t.slug", "t.title"])
    .where("n.user_id", "=", viewer.id)
    .where("n.kind", "=", "question_solved")
    .where(() => listedThreads(viewer, "t"))
    .orderBy("n.id", "desc")
    .limit(limit)
    .execute();
}

/** The thread a merged duplicate now points at, if any. */
export async function mergedIntoOf(db: Db, id: string): Promise<string | null> {
  const r = await db.selectFrom("threads").select("merged_into_id").where("id", "=", id).executeTakeFirst();
  return r?.merged_into_id ? String(r.merged_into_id) : null;
}
