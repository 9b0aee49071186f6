import type { DomainCtx } from "../lib/ctx.server";
import { createThread } from "../forum/threads.server";
import { getThreadPage } from "../forum/page.server";
import { reply } from "../forum/posts.server";
import { canEditCase, canReadCase } from "../policy";
import { recordSearchChange } from "../../search/outbox";
import * as repo from "./cases.repo.server";
import { scopeOf } from "./mappers";

// A case's questions and comments are forum posts in a linked discussion thread with the
// case's visibility, owned by the case's organisation.

/**
 * Editors who are members of the owning organisation: opens the case's discussion thread if it
 * has none (published cases only). Returns the thread id, or null when it cannot be opened.
 */
export async function ensureDiscussion(ctx: DomainCtx, caseId: string): Promise<string | null> {
  const c = await repo.findCaseRow(ctx.db, caseId);
  if (!c || c.state !== "published" || !canEditCase(ctx.viewer, scopeOf(c))) return null;
  if (c.discussion_thread_id) return c.discussion_thread_id;
  const tags = await repo.tagSlugsFor(ctx.db, c.id, c.area);
  if (!tags.length) return null;
  const shared = c.shared_org_ids.map(String);
  const title = `${ctx.viewer?.locale === "en" ? "Discussion" : "Diskussion"}: ${c.title}`.slice(0, 150);
  const res = await createThread(ctx, {
    kind: "discussion", title: title.length >= 5 ? title : `${title} …`,
    body: `Frågor och kommentarer om fallstudien [${c.title.replace(/[[\]]/g, "")}](/cases/${c.id}-${c.slug}).`,
    tags, orgId: c.org_id, audience: c.visibility === "organisation" && shared.length ? "chosen" : c.visibility, sharedOrgIds: shared,
  });
  if (!res.ok) return null;
  await ctx.db.transaction().execute(async (trx) => {
    await repo.setDiscussionThread(trx, c.id, res.id);
    await recordSearchChange(trx, "case", c.id, "upsert");
  });
  return (await repo.findCaseRow(ctx.db, caseId))?.discussion_thread_id ?? null;
}

/** Anyone who may read the case and the thread: its discussion (replies, whether they may reply). */
export async function caseDiscussion(ctx: DomainCtx, threadId: string | null) {
  if (!threadId) return null;
  const page = await getThreadPage(ctx, threadId);
  if (!page) return null;
  const posts = [page.accepted, ...page.posts].filter((p): p is NonNullable<typeof p> => Boolean(p) && !p!.removed);
  return {
    threadId: page.thread.id, slug: page.thread.slug, canReply: page.thread.can.reply, replyCount: page.thread.replyCount,
    posts: posts.map((p) => ({ id: p.id, number: p.number, author: p.author, bodyHtml: p.bodyHtml, createdAt: p.createdAt })),
  };
}

/** Members who may read the case: adds a reply to its discussion (the forum's rules apply). */
export async function replyToCase(ctx: DomainCtx, caseId: string, body: string, opts: { submission?: string | null } = {}) {
  const c = await repo.findCaseRow(ctx.db, caseId);
  if (!c || !c.discussion_thread_id || !canReadCase(ctx.viewer, scopeOf(c))) return { ok: false as const, errors: { body: [{ key: "forum:errors.threadMissing" }] } };
  return reply(ctx, c.discussion_thread_id, { body }, opts);
}
