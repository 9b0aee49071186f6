import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";
import type { TargetFacts, ThreadFacts } from "../policy";
import { CASE_TEXT_FIELDS, type CaseTextField, type Target, type TargetType } from "./types";

// All moderation SQL that reads or changes forum and case rows. Forum tables are typed; the
// cases table is read through the `sql` tag so this module does not depend on its row types.

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

const table = (type: TargetType) => sql.table(type === "thread" ? "threads" : type === "post" ? "posts" : "cases");

export async function setHidden(trx: Q, type: TargetType, id: string, h: { at: Date; by: string; reason: string } | null) {
  await sql`UPDATE ${table(type)} SET hidden_at = ${h?.at ?? null}, hidden_by = ${h?.by ?? null}, hidden_reason = ${h?.reason ?? null}
            WHERE id = ${id}`.execute(trx);
}

export async function setOutdated(trx: Q, type: "thread" | "case", id: string, note: string | null) {
  await sql`UPDATE ${table(type)} SET outdated_note = ${note} WHERE id = ${id}`.execute(trx);
}

export async function setLocked(trx: Q, threadId: string, at: Date | null) {
  await trx.updateTable("threads").set({ locked_at: at }).where("id", "=", threadId).execute();
}

export async function setPinned(trx: Q, threadId: string, scope: string | null, at: Date | null) {
  await trx.updateTable("threads").set({ pinned_scope: scope, pinned_at: at }).where("id", "=", threadId).execute();
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

export async function replaceThreadTags(trx: Q, threadId: string, tagIds: string[]) {
  await trx.deleteFrom("thread_tags").where("thread_id", "=", threadId).execute();
  if (tagIds.length) await trx.insertInto("thread_tags").values(tagIds.map((tag_id) => ({ thread_id: threadId, tag_id }))).execute();
}

/** Replaces a thread's or post's text and keeps the previous text as a forum revision. */
export async function editForumText(
  trx: Q,
  t: { type: "thread" | "post"; id: string; threadId: string },
  e: { title?: string; oldTitle?: string; body: string; oldBody: string; html: string; editorId: string; reason: string; at: Date },
) {
  if (t.type === "thread") {
    await trx.updateTable("threads").set({ body_md: e.body, body_html: e.html, updated_at: e.at, ...(e.title ? { title: e.title } : {}) }).where("id", "=", t.id).execute();
  } else {
    await trx.updateTable("posts").set({ body_md: e.body, body_html: e.html, updated_at: e.at }).where("id", "=", t.id).execute();
  }
  await trx
    .insertInto("post_revisions")
    .values({
      thread_id: t.threadId, post_id: t.type === "post" ? t.id : null, editor_id: e.editorId,
      old_title: e.title ? (e.oldTitle ?? null) : null, new_title: e.title ?? null,
      old_body_md: e.oldBody, new_body_md: e.body, reason: e.reason, created_at: e.at,
    })
    .execute();
}

/** Reads one text column of a case (`field` is from CASE_TEXT_FIELDS, never user text). */
export async function caseText(db: Q, id: string, field: CaseTextField): Promise<string | null> {
  const { rows } = await sql<{ v: string }>`SELECT ${sql.ref(field)} AS v FROM cases WHERE id = ${id}`.execute(db);
  return rows[0]?.v ?? null;
}

export async function editCaseText(trx: Q, id: string, field: CaseTextField, text: string, at: Date) {
  await sql`UPDATE cases SET ${sql.ref(field)} = ${text}, updated_at = ${at} WHERE id = ${id}`.execute(trx);
}

/** Redacts every text column of a case and every stored snapshot of it. Returns (fields, revisions). */
export async function redactCase(trx: Q, id: string, needle: string, mark: string): Promise<{ fields: string[]; revisions: number }> {
  const { rows } = await sql<Record<string, string>>`SELECT ${sql.join(CASE_TEXT_FIELDS.map((f) => sql.ref(f)))} FROM cases WHERE id = ${id}`.execute(trx);
  const r = rows[0];
  if (!r) return { fields: [], revisions: 0 };
  const fields = CASE_TEXT_FIELDS.filter((f) => typeof r[f] === "string" && r[f].includes(needle));
  for (const f of fields) {
    await sql`UPDATE cases SET ${sql.ref(f)} = replace(${sql.ref(f)}, ${needle}, ${mark}) WHERE id = ${id}`.execute(trx);
  }
  // Snapshots are JSON: replace the JSON-escaped form of the text.
  const jn = JSON.stringify(needle).slice(1, -1);
  const jm = JSON.stringify(mark).slice(1, -1);
  const rev = await sql`UPDATE case_revisions SET snapshot = replace(snapshot::text, ${jn}, ${jm})::jsonb
    WHERE case_id = ${id} AND strpos(snapshot::text, ${jn}) > 0`.execute(trx);
  return { fields, revisions: Number(rev.numAffectedRows ?? 0) };
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

/**
 * Replaces `needle` with `mark` in every stored copy of a thread's or post's text: the live
 * body (and title) and all forum revisions. Returns how many revision rows changed.
 */
export async function redactForumRevisions(trx: Q, t: { type: "thread" | "post"; id: string; threadId: string }, needle: string, mark: string) {
  const scope = t.type === "post" ? sql`post_id = ${t.id}` : sql`thread_id = ${t.id} AND post_id IS NULL`;
  const r = await sql`
    UPDATE post_revisions SET
      old_body_md = replace(old_body_md, ${needle}, ${mark}), new_body_md = replace(new_body_md, ${needle}, ${mark}),
      old_title = replace(old_title, ${needle}, ${mark}), new_title = replace(new_title, ${needle}, ${mark})
    WHERE ${scope} AND (strpos(old_body_md, ${needle}) > 0 OR strpos(new_body_md, ${needle}) > 0
      OR strpos(coalesce(old_title,''), ${needle}) > 0 OR strpos(coalesce(new_title,''), ${needle}) > 0)`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

export async function redactModeratorEdits(trx: Q, type: TargetType, id: string, needle: string, mark: string) {
  const r = await sql`
    UPDATE moderator_edits SET old_text = replace(old_text, ${needle}, ${mark}), new_text = replace(new_text, ${needle}, ${mark})
    WHERE target_type = ${type} AND target_id = ${id} AND (strpos(old_text, ${needle}) > 0 OR strpos(new_text, ${needle}) > 0)`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/** Gallring: the only hard delete. Posts of a thread go with it (ON DELETE CASCADE). */
export async function hardDelete(trx: Q, type: TargetType, id: string) {
  if (type === "thread") {
    await trx.updateTable("threads").set({ accepted_post_id: null }).where("id", "=", id).execute();
  }
  if (type === "post") {
    await trx.updateTable("threads").set({ accepted_post_id: null }).where("accepted_post_id", "=", id).execute();
  }
  await sql`DELETE FROM ${table(type)} WHERE id = ${id}`.execute(trx);
}

export async function postIdsOfThread(db: Q, threadId: string): Promise<string[]> {
  const rows = await db.selectFrom("posts").select("id").where("thread_id", "=", threadId).execute();
  return rows.map((r) => r.id);
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

export async function redactForumText(trx: Q, t: { type: "thread" | "post"; id: string }, needle: string, mark: string, render: (md: string) => string, at: Date) {
  const tbl = t.type === "thread" ? "threads" : "posts";
  const row = await trx.selectFrom(tbl).select(["body_md"]).where("id", "=", t.id).executeTakeFirst();
  if (!row) return [] as string[];
  const fields: string[] = [];
  if (row.body_md.includes(needle)) {
    const md = row.body_md.split(needle).join(mark);
    await trx.updateTable(tbl).set({ body_md: md, body_html: render(md), updated_at: at }).where("id", "=", t.id).execute();
    fields.push("body");
  }
  if (t.type === "thread") {
    const r = await sql`UPDATE threads SET title = replace(title, ${needle}, ${mark}) WHERE id = ${t.id} AND strpos(title, ${needle}) > 0`.execute(trx);
    if (Number(r.numAffectedRows ?? 0) > 0) fields.push("title");
  }
  return fields;
}
