import type { Kysely } from "kysely";
import type { Database } from "../../db/types";
import type { SearchDocument } from "../types";
import { indexableThreads, livePost } from "../../app/policy/readable";
import { guessLanguage, htmlToText } from "./text";

type Db = Kysely<Database>;
type TagInfo = { slugs: string[]; text: string; areas: string[] };

async function tagsOfThreads(db: Db, threadIds: string[]): Promise<Map<string, TagInfo>> {
  const out = new Map<string, TagInfo>();
  if (threadIds.length === 0) return out;
  const rows = await db
    .selectFrom("thread_tags as tt")
    .innerJoin("tags as g", "g.id", "tt.tag_id")
    .select(["tt.thread_id", "g.slug", "g.name_sv", "g.name_en", "g.synonyms", "g.area"])
    .where("tt.thread_id", "in", threadIds)
    .orderBy("g.slug")
    .execute();
  for (const r of rows) {
    const t = out.get(r.thread_id) ?? { slugs: [], text: "", areas: [] };
    t.slugs.push(r.slug);
    t.text += `${t.text ? " · " : ""}${[r.name_sv, r.name_en, ...r.synonyms].join(" ")}`;
    if (!t.areas.includes(r.area)) t.areas.push(r.area);
    out.set(r.thread_id, t);
  }
  return out;
}

const NO_TAGS: TagInfo = { slugs: [], text: "", areas: [] };

/**
 * Documents for threads (questions, discussions). Only readable state goes in: deleted and hidden
 * threads and discussions of unreadable cases are left out, and the accepted answer's text only
 * while that reply is readable itself.
 */
export async function buildThreadDocuments(db: Db, ids: string[]): Promise<SearchDocument[]> {
  if (ids.length === 0) return [];
  const threads = await db
    .selectFrom("threads as t")
    .leftJoin("posts as a", (j) =>
      j.onRef("a.id", "=", "t.accepted_post_id").onRef("a.thread_id", "=", "t.id").on(livePost("a")))
    .select([
      "t.id", "t.kind", "t.title", "t.slug", "t.body_html", "t.org_id", "t.visibility", "t.shared_org_ids",
      "t.reply_count", "t.created_at", "t.updated_at", "t.last_activity_at",
      "a.id as accepted_live_id", "a.body_html as accepted_html",
    ])
    .where("t.id", "in", ids)
    .where(indexableThreads("t"))
    .execute();
  const tags = await tagsOfThreads(db, threads.map((t) => t.id));
  return threads.map((t) => {
    const tg = tags.get(t.id) ?? NO_TAGS;
    const summary = htmlToText(t.body_html);
    return {
      type: "thread", id: t.id, kind: t.kind, groupKey: `thread:${t.id}`, parentId: null, slug: t.slug, path: `/t/${t.id}-${t.slug}`,
      // The accepted answer belongs to the question's document too: it is what people search for.
      title: t.title, parentTitle: "", summary, body: htmlToText(t.accepted_html),
      tags: tg.slugs, tagText: tg.text, areas: tg.areas,
      orgId: String(t.org_id), visibility: t.visibility, sharedOrgIds: t.shared_org_ids.map(String),
      // Solved only by an answer the reader could see: a hidden answer does not count.
      status: null, solved: t.kind === "question" ? t.accepted_live_id !== null : null, accepted: false,
      replyCount: t.reply_count, language: guessLanguage(`${t.title} ${summary}`),
      createdAt: t.created_at, updatedAt: t.last_activity_at ?? t.updated_at,
    };
  });
}

/** Documents for readable replies in readable threads; they inherit their thread's visibility, tags and state. */
export async function buildPostDocuments(db: Db, ids: string[]): Promise<SearchDocument[]> {
  if (ids.length === 0) return [];
  const posts = await db
    .selectFrom("posts as p")
    .innerJoin("threads as t", "t.id", "p.thread_id")
    .leftJoin("posts as a", (j) =>
      j.onRef("a.id", "=", "t.accepted_post_id").onRef("a.thread_id", "=", "t.id").on(livePost("a")))
    .select([
      "p.id", "p.thread_id", "p.number", "p.body_html", "p.created_at", "p.updated_at",
      "t.kind", "t.title", "t.slug", "t.org_id", "t.visibility", "t.shared_org_ids", "a.id as accepted_live_id", "t.reply_count",
    ])
    .where("p.id", "in", ids)
    .where(livePost("p"))
    .where(indexableThreads("t"))
    .execute();
  const tags = await tagsOfThreads(db, [...new Set(posts.map((p) => p.thread_id))]);
  return posts.map((p) => {
    const tg = tags.get(p.thread_id) ?? NO_TAGS;
    const summary = htmlToText(p.body_html);
    return {
      type: "post", id: p.id, kind: p.kind, groupKey: `thread:${p.thread_id}`, parentId: p.thread_id, slug: p.slug, path: `/t/${p.thread_id}-${p.slug}#p${p.number}`,
      title: "", parentTitle: p.title, summary, body: "",
      tags: tg.slugs, tagText: "", areas: tg.areas,
      orgId: String(p.org_id), visibility: p.visibility, sharedOrgIds: p.shared_org_ids.map(String),
      status: null, solved: p.kind === "question" ? p.accepted_live_id !== null : null,
      accepted: p.accepted_live_id === p.id, replyCount: p.reply_count, language: guessLanguage(summary),
      createdAt: p.created_at, updatedAt: p.updated_at,
    };
  });
}

export const buildThreadDocument = async (db: Db, id: string) => (await buildThreadDocuments(db, [id]))[0] ?? null;
export const buildPostDocument = async (db: Db, id: string) => (await buildPostDocuments(db, [id]))[0] ?? null;

/** Ids of a thread's replies (to refresh them when the thread's visibility or state changes). */
export async function postIdsOfThread(db: Db, threadId: string): Promise<string[]> {
  const rows = await db.selectFrom("posts").select("id").where("thread_id", "=", threadId).execute();
  return rows.map((r) => r.id);
}

/**
 * The thread a reply belongs to: from the source row, or — when the reply is gone (gallring) —
 * from its last search document, so the thread's document can drop it too.
 */
export async function threadIdOfPost(db: Db, postId: string): Promise<string | null> {
  const row = await db.selectFrom("posts").select("thread_id").where("id", "=", postId).executeTakeFirst();
  if (row) return row.thread_id;
  const doc = await db.selectFrom("search_documents").select("parent_id")
    .where("doc_type", "=", "post").where("doc_id", "=", postId).executeTakeFirst();
  return doc?.parent_id ?? null;
}
