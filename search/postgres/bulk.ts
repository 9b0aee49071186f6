import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/types";
import { indexableThreads, livePost } from "../../app/policy/readable";
import { withAttachmentTexts } from "../documents/attachments";
import type { SearchDocument } from "../types";

type Db = Kysely<Database>;

// Set-based (re)indexing of threads and replies straight from the forum tables, for large
// initial builds (100,000 threads, 1,000,000 posts) where building documents one by one in
// TypeScript would take an hour. Same columns and the same readable-state rule as
// search/documents/forum.ts (app/policy/readable.ts, indexable*); compound tails are
// not split here (heads still match through prefix queries); later edits go through the normal path.
// The attachments' extracted text comes from the same builder as incremental indexing
// (search/documents/attachments.ts), for the few documents whose parents have any.

const text = (col: ReturnType<typeof sql.ref>) =>
  sql`left(btrim(regexp_replace(replace(replace(replace(replace(replace(
        regexp_replace(coalesce(${col}, ''), '<[^>]*>', ' ', 'g'),
        '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&'), '\\s+', ' ', 'g')), 100000)`;

const tagsLateral = sql`LEFT JOIN LATERAL (
    SELECT array_agg(g.slug ORDER BY g.slug) AS slugs, array_agg(DISTINCT g.area) AS areas,
           string_agg(g.name_sv || ' ' || g.name_en || ' ' || array_to_string(g.synonyms, ' '), ' · ') AS tag_text
    FROM thread_tags tt JOIN tags g ON g.id = tt.tag_id WHERE tt.thread_id = t.id) tg ON true`;

/** Upserts the documents of threads with ids in [from, to) and of their replies. */
export async function bulkIndexThreads(db: Db, from: number, to: number): Promise<void> {
  await sql`
    INSERT INTO search_documents (doc_type, doc_id, kind, group_key, parent_id, slug, path, title, parent_title, summary, body,
      tags, tag_text, areas, org_id, visibility, shared_org_ids, status, solved, accepted, reply_count, language, created_at, updated_at)
    SELECT 'thread', t.id::text, t.kind, 'thread:' || t.id, NULL, t.slug, '/t/' || t.id || '-' || t.slug, t.title, '',
           ${text(sql.ref("t.body_html"))}, ${text(sql.ref("a.body_html"))},
           coalesce(tg.slugs, '{}'), coalesce(tg.tag_text, ''), coalesce(tg.areas, '{}'), t.org_id, t.visibility, t.shared_org_ids,
           NULL, CASE WHEN t.kind = 'question' THEN a.id IS NOT NULL END, false, t.reply_count, 'sv',
           t.created_at, t.last_activity_at
    FROM threads t
    LEFT JOIN posts a ON a.id = t.accepted_post_id AND a.thread_id = t.id AND ${livePost("a")}
    ${tagsLateral}
    WHERE t.id >= ${from} AND t.id < ${to} AND ${indexableThreads("t")}
    ON CONFLICT (doc_type, doc_id) DO NOTHING`.execute(db);
  await sql`
    INSERT INTO search_documents (doc_type, doc_id, kind, group_key, parent_id, slug, path, title, parent_title, summary, body,
      tags, tag_text, areas, org_id, visibility, shared_org_ids, status, solved, accepted, reply_count, language, created_at, updated_at)
    SELECT 'post', p.id::text, t.kind, 'thread:' || t.id, t.id::text, t.slug, '/t/' || t.id || '-' || t.slug || '#p' || p.number,
           '', t.title, ${text(sql.ref("p.body_html"))}, '',
           coalesce(tg.slugs, '{}'), '', coalesce(tg.areas, '{}'), t.org_id, t.visibility, t.shared_org_ids,
           NULL, CASE WHEN t.kind = 'question' THEN a.id IS NOT NULL END, a.id IS NOT DISTINCT FROM p.id,
           t.reply_count, 'sv', p.created_at, p.updated_at
    FROM posts p JOIN threads t ON t.id = p.thread_id
    LEFT JOIN posts a ON a.id = t.accepted_post_id AND a.thread_id = t.id AND ${livePost("a")}
    ${tagsLateral}
    WHERE t.id >= ${from} AND t.id < ${to} AND ${indexableThreads("t")} AND ${livePost("p")}
    ON CONFLICT (doc_type, doc_id) DO NOTHING`.execute(db);
  await fillAttachmentTexts(db, from, to);
}

/**
 * The attachment columns of the thread and reply documents of threads in [from, to): the same
 * list and the same joined text the incremental path writes (upsertDocuments), so a word only in
 * an attached file is found after a bulk build exactly as after an edit.
 */
async function fillAttachmentTexts(db: Db, from: number, to: number): Promise<void> {
  const { rows } = await sql<{ type: "thread" | "post"; id: string }>`
    SELECT DISTINCT a.parent_type AS type, a.parent_id::text AS id
    FROM attachments a LEFT JOIN posts p ON a.parent_type = 'post' AND p.id = a.parent_id
    WHERE a.text_content <> '' AND (
      (a.parent_type = 'thread' AND a.parent_id >= ${from} AND a.parent_id < ${to})
      OR (a.parent_type = 'post' AND p.thread_id >= ${from} AND p.thread_id < ${to}))`.execute(db);
  const docs: { type: string; id: string; list: string; text: string }[] = [];
  for (const type of ["thread", "post"] as const) {
    const stubs = rows.filter((r) => r.type === type).map((r) => ({ type, id: r.id }) as unknown as SearchDocument);
    for (const d of await withAttachmentTexts(db, type, stubs)) {
      const list = d.attachments ?? [];
      if (list.length) docs.push({ type, id: d.id, list: JSON.stringify(list), text: list.map((a) => a.text).join("\n") });
    }
  }
  if (docs.length === 0) return;
  // One statement for the batch, not one per document.
  await sql`UPDATE search_documents s SET attachments = x.list::jsonb, attachment_text = x.text
    FROM jsonb_to_recordset(${JSON.stringify(docs)}::jsonb) AS x(type text, id text, list text, text text)
    WHERE s.doc_type = x.type AND s.doc_id = x.id`.execute(db);
}
