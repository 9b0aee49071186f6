import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/types";
import { indexableThreads, livePost } from "../../app/policy/readable";

type Db = Kysely<Database>;

// Set-based (re)indexing of threads and replies straight from the forum tables, for large
// initial builds (100,000 threads, 1,000,000 posts) where building documents one by one in
// TypeScript would take an hour. Same columns and the same readable-state rule as
// search/documents/forum.ts (app/policy/readable.ts, indexable*); compound tails are
// not split here (heads still match through prefix queries); later edits go through the normal path.

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
}
