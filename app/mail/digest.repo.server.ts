import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import type { DigestCadence } from "./types";
import { indexableThreads } from "../policy/readable";

type Q = Kysely<Database> | Transaction<Database>;

/** Active people after a cursor, by id (the digest walks everyone in batches). */
export async function activeUserIds(db: Q, afterId: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom("users").select("id").where("deactivated_at", "is", null).where("id", ">", afterId).orderBy("id").limit(limit).execute();
  return rows.map((r) => String(r.id));
}

export async function lastRuns(db: Q, userIds: string[], cadence: DigestCadence): Promise<Map<string, Date>> {
  if (!userIds.length) return new Map();
  const rows = await db.selectFrom("digest_runs").select(["user_id", "last_run_at"]).where("cadence", "=", cadence).where("user_id", "in", userIds).execute();
  return new Map(rows.map((r) => [String(r.user_id), r.last_run_at]));
}

export async function markRuns(db: Q, userIds: string[], cadence: DigestCadence, at: Date) {
  if (!userIds.length) return;
  await db.insertInto("digest_runs").values(userIds.map((u) => ({ user_id: u, cadence, last_run_at: at })))
    .onConflict((oc) => oc.columns(["user_id", "cadence"]).doUpdateSet({ last_run_at: at })).execute();
}

/** These people's notifications since a moment (the digest's first section), oldest first. */
export function notificationsSince(db: Q, userIds: string[], since: Date, until: Date) {
  if (!userIds.length) return Promise.resolve([]);
  return db.selectFrom("notifications").select(["id", "user_id", "kind", "thread_id", "updated_at", "data"])
    .where("user_id", "in", userIds).where("updated_at", ">", since).where("updated_at", "<=", until).orderBy("id").execute();
}

/** The tags these people watch or track (their "areas"). */
export function watchedTags(db: Q, userIds: string[]) {
  if (!userIds.length) return Promise.resolve([]);
  return db.selectFrom("watches").select(["user_id", "target_id"]).where("target_type", "=", "tag").where("level", "in", ["watching", "tracking"]).where("user_id", "in", userIds).execute();
}

/** Live, unsolved questions asked since a moment in these tags, with their tags. */
export async function openQuestionsSince(db: Q, tagIds: string[], since: Date, until: Date) {
  if (!tagIds.length) return [];
  return db.selectFrom("threads as t").innerJoin("thread_tags as tt", "tt.thread_id", "t.id")
    .select(["t.id", "t.created_at", "tt.tag_id"])
    .where("tt.tag_id", "in", tagIds).where("t.kind", "=", "question").where("t.accepted_post_id", "is", null)
    .where(() => indexableThreads("t")).where("t.created_at", ">", since).where("t.created_at", "<=", until)
    .orderBy("t.created_at", "desc").limit(2000).execute();
}

/** Cases published, and adoptions recorded, since a moment in these tags (candidates: the digest re-checks each). */
export async function casesAndAdoptionsSince(db: Q, tagIds: string[], since: Date, until: Date) {
  if (!tagIds.length) return { cases: [], adoptions: [] };
  const [cases, adoptions] = await Promise.all([
    db.selectFrom("cases as c").innerJoin("case_tags as ct", "ct.case_id", "c.id")
      .select(["c.id", "c.published_at as at", "ct.tag_id"])
      .where("ct.tag_id", "in", tagIds).where("c.published_at", ">", since).where("c.published_at", "<=", until)
      .orderBy("c.published_at", "desc").limit(1000).execute(),
    db.selectFrom("adoptions as a").innerJoin("case_tags as ct", "ct.case_id", "a.case_id")
      .select(["a.case_id as id", "a.created_at as at", "ct.tag_id"])
      .where("ct.tag_id", "in", tagIds).where("a.created_at", ">", since).where("a.created_at", "<=", until)
      .orderBy("a.created_at", "desc").limit(1000).execute(),
  ]);
  return { cases, adoptions };
}

/** Current best-practice marks made since a moment. */
export function bestPracticeSince(db: Q, since: Date, until: Date) {
  return db.selectFrom("best_practice_marks").select(["target_type", "target_id", "marked_at"])
    .where("unmarked_at", "is", null).where("marked_at", ">", since).where("marked_at", "<=", until).orderBy("marked_at", "desc").limit(200).execute();
}

/** Titles and links of threads and cases (shown only after the read check). */
export async function titlesOf(db: Q, threadIds: string[], caseIds: string[]) {
  const [threads, cases] = await Promise.all([
    threadIds.length ? db.selectFrom("threads").select(["id", "title", "slug"]).where("id", "in", threadIds).execute() : [],
    caseIds.length ? db.selectFrom("cases").select(["id", "title"]).where("id", "in", caseIds).execute() : [],
  ]);
  return {
    threads: new Map(threads.map((t) => [String(t.id), { title: t.title, href: `/t/${t.id}-${t.slug}` }])),
    cases: new Map(cases.map((c) => [String(c.id), { title: c.title, href: `/cases/${c.id}` }])),
  };
}
