import { AttachFailed, attachErrorKey, attachOrThrow, type AttachInput } from "../attachments/attachments.server";
import type { DomainCtx } from "../lib/ctx.server";
import { writeTransaction } from "../lib/transaction.server";
import { once } from "../lib/idempotency.server";
import { renderMarkdown, RENDERER_VERSION } from "../lib/markdown.server";
import { canChooseVisibility, canDeletePost, canEditPost, canReadThread, canStartThread, orgIdsOf, type Visibility } from "../policy";
import { recordSearchChange } from "../../search/outbox";
import { recordEvent } from "../events/events.server";
import { linkMentions, mentionWarning, resolveMentions } from "../notifications/mentions.server";
import { threadFacts, toListItem, tagRef } from "./mappers";
import { insertRevision } from "./posts.repo.server";
import { check, fail, mentionFailure, type Result } from "./result";
import { createThreadSchema, editThreadSchema, type CreateThreadInput, type EditThreadInput } from "./schemas";
import { slugify } from "./slug";
import { tagsOfThreads } from "./tags.repo.server";
import { resolveTags } from "./tags.server";
import {
  addWatcher, countThreadRows, findThreadRow, insertThread, listThreadRows, orgsByIds, updateThreadRow, type RepoFilters, type ThreadListRow,
  areasOfUser, solvedNoticeRows,
} from "./threads.repo.server";
import type { Audience, Page, TagRef, ThreadFilters, ThreadListItem, ThreadSort } from "./types";

const PAGE_SIZE = 25;

function audienceToVisibility(a: Audience): Visibility {
  return a === "chosen" ? "organisation" : a;
}

/**
 * Members: starts a question or discussion. Checks title/body limits, 1–5 known tags (synonyms
 * map to their tag), that the owning organisation is the author's and that they may choose the
 * visibility. The author watches it. Answers field errors, never throws on bad input.
 */
export async function createThread(ctx: DomainCtx, input: CreateThreadInput, opts: { submission?: string | null; confirmMentions?: boolean; attachments?: AttachInput } = {}): Promise<Result<{ id: string; slug: string }>> {
  if (!canStartThread(ctx.viewer)) return fail("_form", "forum:errors.notAllowed");
  const viewer = ctx.viewer!;
  const parsed = check(createThreadSchema, input);
  if (!parsed.ok) return parsed;
  const d = parsed.data;
  const { ids: tagIds, unknown } = await resolveTags(ctx.db, d.tags);
  if (unknown.length) return fail("tags", "forum:errors.unknownTags", { tags: unknown.join(", ") });
  if (!orgIdsOf(viewer).includes(d.orgId)) return fail("orgId", "forum:errors.orgNotYours");
  const audience = d.audience as Audience;
  const shared = audience === "chosen" ? [...new Set(d.sharedOrgIds)].filter((o) => o !== d.orgId) : [];
  if (audience === "chosen") {
    const known = await orgsByIds(ctx.db, shared);
    if (shared.length === 0 || known.length !== shared.length) return fail("sharedOrgIds", "forum:errors.chooseOrgs");
  }
  const visibility = audienceToVisibility(audience);
  if (!canChooseVisibility(viewer, d.orgId, visibility, shared)) return fail("audience", "forum:errors.audienceNotAllowed");
  if (!opts.confirmMentions) {
    // The writer is told before posting who will not see it (the thread as it would be stored).
    const facts = { orgId: d.orgId, visibility, sharedOrgIds: shared, authorId: viewer.id, kind: d.kind, hiddenAt: null, deletedAt: null, lockedAt: null, discussionOf: null };
    const warn = await mentionWarning(ctx.db, d.body, viewer.id, facts);
    if (warn) return mentionFailure(warn);
  }
  const payload = { ...d, tagIds, shared, attachments: opts.attachments?.publicIds ?? [] };
  const t = await writeTransaction(ctx.db, (trx) => once(trx, { actor: viewer.id, form: "thread", token: opts.submission, payload }, async () => {
    const mentions = await resolveMentions(trx, d.body, viewer.id);
    const row = await insertThread(
      trx,
      {
        kind: d.kind, title: d.title, slug: slugify(d.title), body_md: d.body, body_html: linkMentions(renderMarkdown(d.body), mentions.links),
        renderer_version: RENDERER_VERSION, org_id: d.orgId, visibility, shared_org_ids: shared, author_id: viewer.id,
        last_activity_at: ctx.now, created_at: ctx.now, updated_at: ctx.now,
      },
      tagIds,
    );
    await attachOrThrow(trx, viewer, { type: "thread", id: row.id }, opts.attachments);
    await addWatcher(trx, row.id, viewer.id);
    await recordSearchChange(trx, "thread", row.id, "upsert");
    await recordEvent(trx, { type: "thread.created", actorId: viewer.id, threadId: row.id, orgId: d.orgId });
    if (mentions.userIds.length) await recordEvent(trx, { type: "mention", actorId: viewer.id, threadId: row.id, postId: null, userIds: mentions.userIds });
    return { id: row.id, slug: row.slug };
  })).catch((e: unknown) => {
    if (e instanceof AttachFailed) return e;
    throw e;
  });
  if (t instanceof AttachFailed) return fail("files", attachErrorKey(t));
  return { ok: true, id: t.id, slug: t.slug };
}

// A cursor is "<key>-<id>": the sort key (milliseconds for a time, a count for votes) of the last row.
function parseCursor(c: string | null | undefined, sort: ThreadSort): { at: Date | number; id: string } | undefined {
  const m = /^(\d{1,15})-(\d{1,18})$/.exec(c ?? "");
  if (!m) return undefined;
  return { at: sort === "votes" ? Number(m[1]) : new Date(Number(m[1])), id: m[2] };
}

function cursorOf(r: ThreadListRow, sort: ThreadSort): string {
  const key = sort === "votes" ? Number(r.votes ?? 0) : new Date(sort === "newest" ? r.created_at : r.last_activity_at).getTime();
  return `${key}-${r.id}`;
}

async function withTags(ctx: DomainCtx, rows: ThreadListRow[], newSince: Date | null): Promise<ThreadListItem[]> {
  const tags = await tagsOfThreads(ctx.db, rows.map((r) => r.id));
  const by = new Map<string, TagRef[]>();
  for (const t of tags) (by.get(t.thread_id) ?? by.set(t.thread_id, []).get(t.thread_id)!).push(tagRef(t));
  return rows.map((r) => toListItem(r, by.get(r.id) ?? [], ctx.viewer?.id ?? null, newSince));
}

// Tag words (slugs, names, synonyms) → tag ids; an unknown word matches nothing.
async function repoFilters(ctx: DomainCtx, f: ThreadFilters): Promise<RepoFilters | null> {
  const { tags, ...rest } = f;
  if (!tags?.length) return rest;
  const { ids, unknown } = await resolveTags(ctx.db, tags);
  return unknown.length ? null : { ...rest, tagIds: ids };
}

/**
 * Anyone: live threads the viewer may read (the complete read rule), latest activity first unless
 * `opts.sort` says newest or most votes, one keyset page at a time; with the viewer's read state
 * (new replies; "new" for unopened threads started after `opts.newSince`).
 */
export async function listThreads(
  ctx: DomainCtx, filters: ThreadFilters, cursor?: string | null, limit = PAGE_SIZE, opts: { sort?: ThreadSort; newSince?: Date | null } = {},
): Promise<Page<ThreadListItem>> {
  const sort = opts.sort ?? "activity";
  const f = await repoFilters(ctx, filters);
  if (!f) return { items: [], next: null };
  const rows = await listThreadRows(ctx.db, ctx.viewer, f, limit + 1, parseCursor(cursor, sort), sort);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await withTags(ctx, page, opts.newSince ?? null),
    next: more && last ? cursorOf(last, sort) : null,
  };
}

/** Anyone: how many threads match, counting only what the viewer may read. */
export async function countThreads(ctx: DomainCtx, filters: ThreadFilters): Promise<number> {
  const f = await repoFilters(ctx, filters);
  return f ? countThreadRows(ctx.db, ctx.viewer, f) : 0;
}

/** Anyone: an organisation's latest threads that the viewer may read (for the organisation page). */
export async function listOrgThreads(ctx: DomainCtx, orgId: string, limit = 10): Promise<ThreadListItem[]> {
  return (await listThreads(ctx, { orgId }, null, limit)).items;
}

/** Anyone: threads pinned to the front page ("front") or to a tag (its slug) that the viewer may read. */
export async function listPinnedThreads(ctx: DomainCtx, scope: string, limit = 5): Promise<ThreadListItem[]> {
  return (await listThreads(ctx, { pinnedScope: scope }, null, limit)).items;
}

/** Anyone: recent questions without an accepted answer that the viewer may read (home page). */
export async function listUnsolvedQuestions(ctx: DomainCtx, limit = 8): Promise<ThreadListItem[]> {
  return (await listThreads(ctx, { status: "unanswered" }, null, limit)).items;
}

/**
 * Anyone: open questions in the viewer's areas (the areas of threads they started, answered or
 * watch), falling back to all open questions when they have none there. Viewer-scoped.
 */
export async function listOpenQuestionsForViewer(ctx: DomainCtx, limit = 6): Promise<{ items: ThreadListItem[]; inYourAreas: boolean }> {
  const areas = ctx.viewer ? await areasOfUser(ctx.db, ctx.viewer.id) : [];
  if (areas.length) {
    const items = (await listThreads(ctx, { status: "unanswered", areas }, null, limit)).items;
    if (items.length) return { items, inYourAreas: true };
  }
  return { items: await listUnsolvedQuestions(ctx, limit), inYourAreas: false };
}

/** The author or a moderator in scope: edits title and text, keeping a revision readers can see. */
export async function editThread(ctx: DomainCtx, threadId: string, input: EditThreadInput): Promise<Result> {
  const parsed = check(editThreadSchema, input);
  if (!parsed.ok) return parsed;
  const d = parsed.data;
  return writeTransaction(ctx.db, async (trx) => {
    const t = await findThreadRow(trx, threadId, true);
    if (!t || !canReadThread(ctx.viewer, threadFacts(t))) return fail("_form", "forum:errors.threadMissing");
    const facts = threadFacts(t);
    if (!canEditPost(ctx.viewer, facts, { authorId: t.author_id, hiddenAt: t.hidden_at, deletedAt: t.deleted_at })) {
      return fail("_form", t.locked_at ? "forum:errors.locked" : "forum:errors.notAllowed");
    }
    if (d.title === t.title && d.body === t.body_md) return { ok: true as const };
    await insertRevision(trx, {
      thread_id: t.id, post_id: null, editor_id: ctx.viewer!.id, old_title: t.title, new_title: d.title,
      old_body_md: t.body_md, new_body_md: d.body, reason: d.reason, created_at: ctx.now,
    });
    await updateThreadRow(trx, t.id, {
      title: d.title, body_md: d.body, body_html: renderMarkdown(d.body), renderer_version: RENDERER_VERSION, updated_at: ctx.now,
    });
    await recordSearchChange(trx, "thread", t.id, "upsert");
    return { ok: true as const };
  });
}

/** The author or a moderator in scope: removes a thread; its text is kept for moderators. */
export async function deleteThread(ctx: DomainCtx, threadId: string): Promise<Result> {
  return writeTransaction(ctx.db, async (trx) => {
    const t = await findThreadRow(trx, threadId, true);
    if (!t || !canReadThread(ctx.viewer, threadFacts(t))) return fail("_form", "forum:errors.threadMissing");
    if (!canDeletePost(ctx.viewer, threadFacts(t), { authorId: t.author_id, hiddenAt: t.hidden_at, deletedAt: t.deleted_at })) {
      return fail("_form", "forum:errors.notAllowed");
    }
    await updateThreadRow(trx, t.id, { deleted_at: ctx.now, deleted_by: ctx.viewer!.id });
    await recordSearchChange(trx, "thread", t.id, "delete");
    return { ok: true as const };
  });
}

export type SolvedNotice = { id: string; threadId: string; title: string; href: string; solvedAt: string };

/** Signed-in person: questions they follow (or asked) that got an accepted answer, newest first. */
export async function listSolvedNotices(ctx: DomainCtx, limit = 5): Promise<SolvedNotice[]> {
  if (!ctx.viewer) return [];
  const rows = await solvedNoticeRows(ctx.db, ctx.viewer, limit);
  return rows.map((r) => ({
    id: r.id,
    threadId: r.thread_id,
    title: r.title,
    href: `/t/${r.thread_id}-${r.slug}${r.post_number ? `#p${r.post_number}` : ""}`,
    solvedAt: new Date(r.created_at).toISOString(),
  }));
}
