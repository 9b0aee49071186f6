import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/types";
import type { Viewer } from "../policy";
import { indexableCases, indexablePosts, listedCases, listedPosts, listedThreads } from "../policy/readable";
import { POINTS } from "./types";

type Q = Kysely<Database> | Transaction<Database>;
export type Keyset = { at: Date; id: string };

// All SQL for profiles and expertise. Every row a viewer sees passes listedThreads / listedPosts /
// listedCases (the complete read rule) for that viewer; lists are keyset-paginated on
// (created_at, id), newest first.

const before = (alias: string, k?: Keyset) =>
  k ? sql<boolean>`(${sql.ref(`${alias}.created_at`)}, ${sql.ref(`${alias}.id`)}) < (${k.at}, ${k.id}::bigint)` : sql<boolean>`true`;

/** The person's questions the viewer may list. */
export function questionRows(db: Q, viewer: Viewer | null, userId: string, limit: number, k?: Keyset) {
  return db.selectFrom("threads as t").innerJoin("organisations as o", "o.id", "t.org_id")
    .select(["t.id", "t.slug", "t.title", "t.org_id", "t.visibility", "t.shared_org_ids", "t.author_id", "t.kind", "t.hidden_at", "t.deleted_at", "t.locked_at", "t.created_at", "t.reply_count", "t.accepted_post_id", "o.name as org_name"])
    .select(sql<string[]>`(SELECT coalesce(array_agg(so.name ORDER BY so.name), '{}') FROM organisations so WHERE so.id = ANY(t.shared_org_ids))`.as("shared_org_names"))
    .where("t.author_id", "=", userId).where("t.kind", "=", "question")
    .where(() => listedThreads(viewer, "t")).where(() => before("t", k))
    .orderBy("t.created_at", "desc").orderBy("t.id", "desc").limit(limit).execute();
}

/** The person's answers (replies to questions) the viewer may list, with whether each is the accepted one. */
export function answerRows(db: Q, viewer: Viewer | null, userId: string, limit: number, k?: Keyset) {
  return db.selectFrom("posts as p").innerJoin("threads as t", "t.id", "p.thread_id").innerJoin("organisations as o", "o.id", "t.org_id")
    .select(["o.name as org_name", "p.id", "p.number", "p.votes", "p.created_at", "p.author_id", "p.hidden_at", "p.deleted_at",
      "t.id as thread_id", "t.slug", "t.title", "t.org_id", "t.visibility", "t.shared_org_ids", "t.author_id as t_author_id", "t.kind",
      "t.hidden_at as t_hidden_at", "t.deleted_at as t_deleted_at", "t.locked_at", "t.accepted_post_id"])
    .select(sql<string[]>`(SELECT coalesce(array_agg(so.name ORDER BY so.name), '{}') FROM organisations so WHERE so.id = ANY(t.shared_org_ids))`.as("shared_org_names"))
    .where("p.author_id", "=", userId).where("t.kind", "=", "question")
    .where(() => listedPosts(viewer, "p", "t")).where(() => before("p", k))
    .orderBy("p.created_at", "desc").orderBy("p.id", "desc").limit(limit).execute();
}

/** The published cases the person wrote that the viewer may list. */
export function caseRows(db: Q, viewer: Viewer | null, userId: string, limit: number, k?: Keyset) {
  return db.selectFrom("cases as c").innerJoin("organisations as o", "o.id", "c.org_id")
    .select(["c.id", "c.slug", "c.title", "c.status", "c.org_id", "c.visibility", "c.shared_org_ids", "c.state", "c.hidden_at", "c.deleted_at", "c.created_at", "o.name as org_name"])
    .select(sql<string[]>`(SELECT coalesce(array_agg(so.name ORDER BY so.name), '{}') FROM organisations so WHERE so.id = ANY(c.shared_org_ids))`.as("shared_org_names"))
    .where("c.created_by", "=", userId)
    .where(() => listedCases(viewer, "c")).where(() => before("c", k))
    .orderBy("c.created_at", "desc").orderBy("c.id", "desc").limit(limit).execute();
}

/** Adoptions the person recorded, of cases the viewer may list. */
export function adoptionRows(db: Q, viewer: Viewer | null, userId: string, limit: number, k?: Keyset) {
  return db.selectFrom("adoptions as a").innerJoin("cases as c", "c.id", "a.case_id").innerJoin("organisations as o", "o.id", "a.org_id")
    .select(["a.id", "a.status", "a.adopted_on", "a.created_at", "c.id as case_id", "c.slug", "c.title", "c.org_id", "c.visibility", "c.shared_org_ids",
      "c.state", "c.hidden_at", "c.deleted_at", "o.name as org_name"])
    .where("a.created_by", "=", userId)
    .where(() => listedCases(viewer, "c")).where(() => before("a", k))
    .orderBy("a.created_at", "desc").orderBy("a.id", "desc").limit(limit).execute();
}

// One contribution = one row per tag of the item: an answer scores its helpful votes plus
// POINTS.accepted when it is the accepted one; a published case scores POINTS.case.
const answerPoints = sql<number>`(p.votes * ${POINTS.vote} + CASE WHEN t.accepted_post_id = p.id THEN ${POINTS.accepted} ELSE 0 END)`;

/** A person's expertise per tag, from what the viewer may read (live contributions only). */
export async function expertiseRows(db: Q, viewer: Viewer | null, userId: string, limit: number) {
  const r = await sql<{ id: string; slug: string; name_sv: string; name_en: string; area: string; score: string; accepted: string; votes: string; cases: string }>`
    WITH contrib AS (
      SELECT tt.tag_id, ${answerPoints} AS pts, (t.accepted_post_id = p.id)::int AS accepted, p.votes, 0 AS cases
        FROM posts p JOIN threads t ON t.id = p.thread_id JOIN thread_tags tt ON tt.thread_id = t.id
       WHERE p.author_id = ${userId}::bigint AND (p.votes > 0 OR t.accepted_post_id = p.id)
         AND ${indexablePosts("p", "t")} AND ${listedPosts(viewer, "p", "t")}
      UNION ALL
      SELECT ct.tag_id, ${POINTS.case}, 0, 0, 1
        FROM cases c JOIN case_tags ct ON ct.case_id = c.id
       WHERE c.created_by = ${userId}::bigint AND ${listedCases(viewer, "c")}
    )
    SELECT tg.id, tg.slug, tg.name_sv, tg.name_en, tg.area, sum(pts) AS score, sum(accepted) AS accepted, sum(votes) AS votes, sum(cases) AS cases
      FROM contrib JOIN tags tg ON tg.id = contrib.tag_id
     WHERE tg.merged_into_id IS NULL
     GROUP BY tg.id HAVING sum(pts) > 0
     ORDER BY score DESC, tg.slug LIMIT ${limit}`.execute(db);
  return r.rows;
}

/** A tag's most helpful people, from the contributions the viewer may read; active people only. */
export async function tagExpertRows(db: Q, viewer: Viewer | null, tagId: string, limit: number) {
  const r = await sql<{ id: string; handle: string; name: string; org_name: string | null; score: string; accepted: string; votes: string; cases: string }>`
    WITH contrib AS (
      SELECT p.author_id AS user_id, ${answerPoints} AS pts, (t.accepted_post_id = p.id)::int AS accepted, p.votes, 0 AS cases
        FROM thread_tags tt JOIN threads t ON t.id = tt.thread_id JOIN posts p ON p.thread_id = t.id
       WHERE tt.tag_id = ${tagId}::bigint AND (p.votes > 0 OR t.accepted_post_id = p.id)
         AND ${indexablePosts("p", "t")} AND ${listedPosts(viewer, "p", "t")}
      UNION ALL
      SELECT c.created_by, ${POINTS.case}, 0, 0, 1
        FROM case_tags ct JOIN cases c ON c.id = ct.case_id
       WHERE ct.tag_id = ${tagId}::bigint AND ${listedCases(viewer, "c")}
    )
    SELECT u.id, u.handle, u.name, o.name AS org_name, sum(pts) AS score, sum(accepted) AS accepted, sum(votes) AS votes, sum(cases) AS cases
      FROM contrib JOIN users u ON u.id = contrib.user_id AND u.deactivated_at IS NULL
      LEFT JOIN organisations o ON o.id = u.primary_org_id
     GROUP BY u.id, o.name HAVING sum(pts) > 0
     ORDER BY score DESC, u.id LIMIT ${limit}`.execute(db);
  return r.rows;
}

/**
 * Candidates for routing a question: people with expertise in any of these tags, from live
 * contributions (nobody sees this list; each candidate's right to read the question is checked
 * by the caller). Best first.
 */
export async function expertsForTags(db: Q, tagIds: string[], excludeUserId: string, limit: number) {
  if (!tagIds.length) return [];
  const r = await sql<{ user_id: string; score: string }>`
    WITH contrib AS (
      SELECT p.author_id AS user_id, ${answerPoints} AS pts
        FROM thread_tags tt JOIN threads t ON t.id = tt.thread_id JOIN posts p ON p.thread_id = t.id
       WHERE tt.tag_id = ANY(${tagIds}::bigint[]) AND (p.votes > 0 OR t.accepted_post_id = p.id) AND ${indexablePosts("p", "t")}
      UNION ALL
      SELECT c.created_by, ${POINTS.case}
        FROM case_tags ct JOIN cases c ON c.id = ct.case_id
       WHERE ct.tag_id = ANY(${tagIds}::bigint[]) AND ${indexableCases("c")}
    )
    SELECT contrib.user_id, sum(pts) AS score FROM contrib JOIN users u ON u.id = contrib.user_id AND u.deactivated_at IS NULL
     WHERE contrib.user_id <> ${excludeUserId}::bigint
     GROUP BY contrib.user_id HAVING sum(pts) > 0 ORDER BY score DESC, contrib.user_id LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => ({ userId: x.user_id, score: Number(x.score) }));
}

export function findTagBySlug(db: Q, slug: string) {
  return db.selectFrom("tags").select(["id", "slug", "merged_into_id"]).where("slug", "=", slug).executeTakeFirst();
}
