import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";
import type { TargetFacts, ThreadFacts } from "../policy";
import { CASE_TEXT_FIELDS, type CaseTextField, type Target, type TargetType } from "./types";

// Moderation's reads of forum and case rows (targets, tags, the health queue) and its writes to
// its own tables. Changes to forum and case rows go through those capabilities' functions
// (app/forum/moderation-state.server.ts, app/cases/moderation-state.server.ts).

type Q = Kysely<Database> | Transaction<Database>;

const threadCols = sql`t.org_id, o.name AS org_name, t.visibility, t.shared_org_ids, t.created_at, t.hidden_at, t.hidden_reason, t.deleted_at`;

// The thread's own state and the case it discusses, for the complete read rule (TargetFacts).
const threadFactCols = sql`t.author_id AS t_author_id, t.kind AS t_kind, t.hidden_at AS t_hidden_at, t.deleted_at AS t_deleted_at,
  t.locked_at AS t_locked_at, dc.org_id AS dc_org_id, dc.visibility AS dc_visibility, dc.shared_org_ids AS dc_shared_org_ids,
  dc.state AS dc_state, dc.hidden_at AS dc_hidden_at, dc.deleted_at AS dc_deleted_at`;
const discussionJoin = sql`LEFT JOIN LATERAL (SELECT * FROM cases x WHERE x.discussion_thread_id = t.id ORDER BY x.id LIMIT 1) dc ON true`;

function threadFactsOf(r: Record<string, any>): ThreadFacts {
  return {
    orgId: String(r.org_id), visibility: r.visibility, sharedOrgIds: (r.shared_org_ids ?? []).map(String),
    authorId: String(r.t_author_id), kind: r.t_kind, hiddenAt: r.t_hidden_at ?? null, deletedAt: r.t_deleted_at ?? null,
    lockedAt: r.t_locked_at ?? null,
    discussionOf: r.dc_org_id == null ? null : {
      orgId: String(r.dc_org_id), visibility: r.dc_visibility, sharedOrgIds: (r.dc_shared_org_ids ?? []).map(String),
      state: r.dc_state, hiddenAt: r.dc_hidden_at ?? null, deletedAt: r.dc_deleted_at ?? null,
    },
  };
}

function factsOf(type: TargetType, r: Record<string, any>): TargetFacts {
  if (type === "thread") return { type, thread: threadFactsOf(r) };
  if (type === "post") {
    return { type, thread: threadFactsOf(r), post: { authorId: String(r.author_id), hiddenAt: r.hidden_at ?? null, deletedAt: r.deleted_at ?? null } };
  }
  return {
    type,
    case: { orgId: String(r.org_id), visibility: r.visibility, sharedOrgIds: (r.shared_org_ids ?? []).map(String), state: r.state, hiddenAt: r.hidden_at ?? null, deletedAt: r.deleted_at ?? null },
  };
}

function mapRow(type: TargetType, r: Record<string, any>): Target {
  return {
    type,
    id: String(r.id),
    threadId: r.thread_id != null ? String(r.thread_id) : null,
    postNumber: r.number != null ? Number(r.number) : null,
    orgId: String(r.org_id),
    orgName: r.org_name ?? "",
    visibility: r.visibility,
    sharedOrgIds: (r.shared_org_ids ?? []).map(String),
    authorId: r.author_id != null ? String(r.author_id) : null,
    authorName: r.author_name ?? "",
    title: r.title ?? "",
    body: r.body ?? "",
    createdAt: r.created_at,
    hiddenAt: r.hidden_at ?? null,
    hiddenReason: r.hidden_reason ?? null,
    lockedAt: r.locked_at ?? null,
    pinnedScope: r.pinned_scope ?? null,
    outdatedNote: r.outdated_note ?? null,
    deletedAt: r.deleted_at ?? null,
    reviewBy: r.review_by ?? null,
    draft: r.state === "draft",
    facts: factsOf(type, r),
  };
}

const isMissingTable = (e: unknown) => (e as { code?: string })?.code === "42P01" || (e as { code?: string })?.code === "42703";

/** Loads targets of one type by id (no permission check: callers apply the policy). */
export async function findTargets(db: Q, type: TargetType, ids: string[]): Promise<Target[]> {
  if (!ids.length) return [];
  const list = sql`${ids}::bigint[]`;
  if (type === "thread") {
    const { rows } = await sql<Record<string, any>>`
      SELECT t.id, t.id AS thread_id, ${threadCols}, t.author_id, u.name AS author_name, t.title, t.body_md AS body,
             t.locked_at, t.pinned_scope, t.outdated_note, NULL::timestamptz AS review_by, ${threadFactCols}
      FROM threads t JOIN organisations o ON o.id = t.org_id LEFT JOIN users u ON u.id = t.author_id ${discussionJoin}
      WHERE t.id = ANY(${list})`.execute(db);
    return rows.map((r) => mapRow("thread", r));
  }
  if (type === "post") {
    const { rows } = await sql<Record<string, any>>`
      SELECT p.id, p.thread_id, p.number, t.org_id, o.name AS org_name, t.visibility, t.shared_org_ids, p.created_at,
             p.hidden_at, p.hidden_reason, p.deleted_at, p.author_id, u.name AS author_name, t.title, p.body_md AS body,
             t.locked_at, NULL AS pinned_scope, NULL AS outdated_note, NULL::timestamptz AS review_by, ${threadFactCols}
      FROM posts p JOIN threads t ON t.id = p.thread_id JOIN organisations o ON o.id = t.org_id
      LEFT JOIN users u ON u.id = p.author_id ${discussionJoin}
      WHERE p.id = ANY(${list})`.execute(db);
    return rows.map((r) => mapRow("post", r));
  }
  try {
    const { rows } = await sql<Record<string, any>>`
      SELECT c.*, o.name AS org_name, u.name AS author_name
      FROM cases c JOIN organisations o ON o.id = c.org_id LEFT JOIN users u ON u.id = c.author_id
      WHERE c.id = ANY(${list})`.execute(db);
    return rows.map((r) => mapRow("case", { ...r, thread_id: null, body: caseBody(r) }));
  } catch (e) {
    if (isMissingTable(e)) return [];
    throw e;
  }
}

function caseBody(r: Record<string, any>): string {
  return [r.summary, r.problem, r.approach, r.outcomes, r.lessons].filter((x) => typeof x === "string" && x).join("\n\n");
}

export async function findTarget(db: Q, type: TargetType, id: string): Promise<Target | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  return (await findTargets(db, type, [id]))[0] ?? null;
}

export async function tagSlugsOf(db: Q, threadId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("thread_tags as tt")
    .innerJoin("tags as g", "g.id", "tt.tag_id")
    .select("g.slug")
    .where("tt.thread_id", "=", threadId)
    .orderBy("g.slug")
    .execute();
  return rows.map((r) => r.slug);
}

export async function findTagIds(db: Q, slugs: string[]): Promise<{ id: string; slug: string }[]> {
  if (!slugs.length) return [];
  return db.selectFrom("tags").select(["id", "slug"]).where("slug", "in", slugs).where("merged_into_id", "is", null).execute();
}

export async function insertModeratorEdit(
  trx: Q,
  e: { type: TargetType; id: string; field: string; oldText: string; newText: string; editorId: string; reason: string },
) {
  await trx
    .insertInto("moderator_edits")
    .values({ target_type: e.type, target_id: e.id, field: e.field, old_text: e.oldText, new_text: e.newText, editor_id: e.editorId, reason: e.reason })
    .execute();
}

export async function redactModeratorEdits(trx: Q, type: TargetType, id: string, needle: string, mark: string) {
  const r = await sql`
    UPDATE moderator_edits SET old_text = replace(old_text, ${needle}, ${mark}), new_text = replace(new_text, ${needle}, ${mark})
    WHERE target_type = ${type} AND target_id = ${id} AND (strpos(old_text, ${needle}) > 0 OR strpos(new_text, ${needle}) > 0)`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

export type { DB };

/** Items the content-health queue considers: cases past review-by and items marked outdated. */
export async function healthCandidates(db: Q, today: Date): Promise<{ type: "thread" | "case"; id: string }[]> {
  const { rows } = await sql<{ type: "thread" | "case"; id: string }>`
    SELECT 'case' AS type, id FROM cases
    WHERE deleted_at IS NULL AND state = 'published' AND (review_by < ${today} OR outdated_note IS NOT NULL)
    UNION ALL
    SELECT 'thread', id FROM threads WHERE deleted_at IS NULL AND outdated_note IS NOT NULL
    LIMIT 1000`.execute(db);
  return rows.map((r) => ({ type: r.type, id: String(r.id) }));
}

export async function redactFlagTexts(trx: Q, type: TargetType, id: string, needle: string, mark: string) {
  await sql`UPDATE flags SET text = replace(text, ${needle}, ${mark})
    WHERE target_type = ${type} AND target_id = ${id} AND strpos(text, ${needle}) > 0`.execute(trx);
}

/** Organisations a thread can be moved to (all of them; the policy narrows the choice per viewer). */
export function listOrganisations(db: Q) {
  return db.selectFrom("organisations").select(["id", "name", "slug"]).orderBy("name").execute();
}

/** Live questions sharing a tag with `threadId` (merge candidates), most recently active first. */
export async function questionsSharingTags(db: Q, threadId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom("threads as t")
    .innerJoin("thread_tags as tt", "tt.thread_id", "t.id")
    .select(["t.id", "t.last_activity_at"])
    .distinct()
    .where("tt.tag_id", "in", (eb) => eb.selectFrom("thread_tags").select("tag_id").where("thread_id", "=", threadId))
    .where("t.id", "!=", threadId)
    .where("t.kind", "=", "question")
    .where("t.deleted_at", "is", null)
    .orderBy("t.last_activity_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => String(r.id));
}

/** How many replies a thread has (what a merge would move). */
export async function replyCountOf(db: Q, threadId: string): Promise<number> {
  const r = await db.selectFrom("posts").select((eb) => eb.fn.countAll<string>().as("n")).where("thread_id", "=", threadId).executeTakeFirstOrThrow();
  return Number(r.n);
}
