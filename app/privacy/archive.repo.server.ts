import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/types";

// The reads behind the archive export: every record of the network in id order, a batch at a
// time (keyset), with its author, organisation and whether the author belongs to that
// organisation (upprättad) or not (inkommen). Network admins only (checked by the caller).
type Db = Kysely<Database>;
export const BATCH = 500;

// The author is an official of the host organisation when they are a member of it.
const official = (authorCol: string, orgCol: string) =>
  sql<boolean>`EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = ${sql.ref(authorCol)} AND m.org_id = ${sql.ref(orgCol)})`;

export async function threadsAfter(db: Db, after: string) {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT t.id, t.kind, t.title, t.slug, t.body_md, t.visibility, t.shared_org_ids, t.created_at, t.updated_at, t.deleted_at, t.hidden_at,
      t.hidden_reason, t.locked_at, t.accepted_post_id, t.org_id, o.name AS org_name, t.author_id, u.name AS author_name,
      ao.name AS author_org_name, ${official("t.author_id", "t.org_id")} AS official,
      coalesce((SELECT array_agg(tg.slug ORDER BY tg.slug) FROM thread_tags tt JOIN tags tg ON tg.id = tt.tag_id WHERE tt.thread_id = t.id), '{}') AS tags
    FROM threads t JOIN organisations o ON o.id = t.org_id LEFT JOIN users u ON u.id = t.author_id LEFT JOIN organisations ao ON ao.id = u.primary_org_id
    WHERE t.id > ${after}::bigint ORDER BY t.id LIMIT ${BATCH}`.execute(db);
  return rows;
}

export async function postsAfter(db: Db, after: string) {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT p.id, p.thread_id, p.number, p.body_md, p.votes, p.created_at, p.updated_at, p.deleted_at, p.hidden_at, p.hidden_reason,
      t.org_id, o.name AS org_name, p.author_id, u.name AS author_name, ao.name AS author_org_name, ${official("p.author_id", "t.org_id")} AS official
    FROM posts p JOIN threads t ON t.id = p.thread_id JOIN organisations o ON o.id = t.org_id
    LEFT JOIN users u ON u.id = p.author_id LEFT JOIN organisations ao ON ao.id = u.primary_org_id
    WHERE p.id > ${after}::bigint ORDER BY p.id LIMIT ${BATCH}`.execute(db);
  return rows;
}

export async function postRevisionsAfter(db: Db, after: string) {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT r.id, r.thread_id, r.post_id, r.old_title, r.new_title, r.old_body_md, r.new_body_md, r.reason, r.created_at,
      t.org_id, o.name AS org_name, r.editor_id AS author_id, u.name AS author_name, ao.name AS author_org_name, ${official("r.editor_id", "t.org_id")} AS official
    FROM post_revisions r JOIN threads t ON t.id = r.thread_id JOIN organisations o ON o.id = t.org_id
    LEFT JOIN users u ON u.id = r.editor_id LEFT JOIN organisations ao ON ao.id = u.primary_org_id
    WHERE r.id > ${after}::bigint ORDER BY r.id LIMIT ${BATCH}`.execute(db);
  return rows;
}

export async function casesAfter(db: Db, after: string) {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT c.id, c.title, c.slug, c.state, c.visibility, c.shared_org_ids, c.language, c.summary, c.department, c.suppliers, c.area, c.techniques,
      c.tool, c.status, c.start_date, c.problem, c.approach, c.outcomes, c.evaluated, c.evaluation_method, c.lessons, c.personal_data, c.dpia_done,
      c.ai_act_risk, c.info_classification, c.human_oversight, c.data_used, c.reuse_needs, c.functional_mailbox, c.source_thread_id,
      c.discussion_thread_id, c.created_at, c.updated_at, c.published_at, c.deleted_at, c.hidden_at, c.hidden_reason,
      c.org_id, o.name AS org_name, c.created_by AS author_id, u.name AS author_name, ao.name AS author_org_name, ${official("c.created_by", "c.org_id")} AS official
    FROM cases c JOIN organisations o ON o.id = c.org_id LEFT JOIN users u ON u.id = c.created_by LEFT JOIN organisations ao ON ao.id = u.primary_org_id
    WHERE c.id > ${after}::bigint ORDER BY c.id LIMIT ${BATCH}`.execute(db);
  return rows;
}

export async function caseRevisionsAfter(db: Db, after: string) {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT r.id, r.case_id, r.action, r.snapshot, r.created_at,
      c.org_id, o.name AS org_name, r.editor_id AS author_id, u.name AS author_name, ao.name AS author_org_name, ${official("r.editor_id", "c.org_id")} AS official
    FROM case_revisions r JOIN cases c ON c.id = r.case_id JOIN organisations o ON o.id = c.org_id
    LEFT JOIN users u ON u.id = r.editor_id LEFT JOIN organisations ao ON ao.id = u.primary_org_id
    WHERE r.id > ${after}::bigint ORDER BY r.id LIMIT ${BATCH}`.execute(db);
  return rows;
}

export async function adoptionsAfter(db: Db, after: string) {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT a.id, a.case_id, a.status, a.adopted_on, a.note, a.derived_case_id, a.created_at, a.updated_at,
      a.org_id, o.name AS org_name, a.created_by AS author_id, u.name AS author_name, ao.name AS author_org_name, ${official("a.created_by", "a.org_id")} AS official
    FROM adoptions a JOIN organisations o ON o.id = a.org_id LEFT JOIN users u ON u.id = a.created_by LEFT JOIN organisations ao ON ao.id = u.primary_org_id
    WHERE a.id > ${after}::bigint ORDER BY a.id LIMIT ${BATCH}`.execute(db);
  return rows;
}

/** Moderation decisions: the audit log's entries about threads, posts and cases. */
export async function moderationAfter(db: Db, after: string) {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT a.id, a.action, a.target_type, a.target_id, a.reason, a.details, a.created_at,
      a.org_id, o.name AS org_name, a.actor_id AS author_id, u.name AS author_name, ao.name AS author_org_name,
      CASE WHEN a.org_id IS NULL THEN NULL ELSE ${official("a.actor_id", "a.org_id")} END AS official
    FROM audit_log a LEFT JOIN organisations o ON o.id = a.org_id LEFT JOIN users u ON u.id = a.actor_id LEFT JOIN organisations ao ON ao.id = u.primary_org_id
    WHERE a.target_type IN ('thread','post','case') AND a.id > ${after}::bigint ORDER BY a.id LIMIT ${BATCH}`.execute(db);
  return rows;
}

/** Gallring (disposal) decisions: what was disposed of, under which decision. */
export async function disposalsAfter(db: Db, after: string) {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT d.id, d.target_type, d.target_id, d.decision_ref, d.title, d.disposed_at AS created_at,
      d.org_id, o.name AS org_name, d.disposed_by AS author_id, u.name AS author_name, ao.name AS author_org_name,
      CASE WHEN d.org_id IS NULL THEN NULL ELSE ${official("d.disposed_by", "d.org_id")} END AS official
    FROM disposals d LEFT JOIN organisations o ON o.id = d.org_id LEFT JOIN users u ON u.id = d.disposed_by LEFT JOIN organisations ao ON ao.id = u.primary_org_id
    WHERE d.id > ${after}::bigint ORDER BY d.id LIMIT ${BATCH}`.execute(db);
  return rows;
}

export async function organisationsAfter(db: Db, after: string) {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT o.id, o.slug, o.name, o.kind, o.created_at FROM organisations o WHERE o.id > ${after}::bigint ORDER BY o.id LIMIT ${BATCH}`.execute(db);
  return rows;
}
