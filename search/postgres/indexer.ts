import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/types";
import { compoundCandidates, decompound } from "../compound";
import { wordsOf } from "../query";
import type { DocKey, SearchDocument } from "../types";

type Db = Kysely<Database>;

const vocabWords = (d: SearchDocument) =>
  new Set(wordsOf(`${d.title} ${d.tagText} ${d.summary} ${d.body}`).filter((w) => w.length >= 3 && w.length <= 40));

/**
 * Upserts documents into search_documents (vectors are generated columns), adds their words to
 * the vocabulary, and indexes the known parts of Swedish compounds. Idempotent.
 */
export async function upsertDocuments(db: Db, docs: SearchDocument[]): Promise<void> {
  if (docs.length === 0) return;
  const wordSets = docs.map(vocabWords);
  const candidates = compoundCandidates(new Set(wordSets.flatMap((s) => [...s])));
  const known = new Set<string>();
  for (let i = 0; i < candidates.length; i += 5000) {
    const rows = await db.selectFrom("search_terms").select("word").where("word", "=", sql<string>`ANY(${candidates.slice(i, i + 5000)}::text[])`).execute();
    for (const r of rows) known.add(r.word);
  }
  for (const w of wordSets.flatMap((s) => [...s])) known.add(w);
  const rows = docs.map((d, i) => ({
    doc_type: d.type, doc_id: d.id, kind: d.kind, group_key: d.groupKey, parent_id: d.parentId, slug: d.slug, path: d.path,
    title: d.title, parent_title: d.parentTitle, summary: d.summary, body: d.body,
    extra_terms: decompound(wordSets[i], known).join(" "),
    attachments: JSON.stringify(d.attachments ?? []), attachment_text: (d.attachments ?? []).map((a) => a.text).join("\n"),
    tags: d.tags, tag_text: d.tagText, areas: d.areas, org_id: d.orgId, visibility: d.visibility,
    shared_org_ids: d.sharedOrgIds, status: d.status, solved: d.solved, accepted: d.accepted,
    reply_count: d.replyCount, language: d.language, created_at: d.createdAt, updated_at: d.updatedAt,
  }));
  // Rows in one order (type, then id) in every writer: two transactions upserting overlapping
  // documents (a case's publish and the outbox drain) then lock them in the same order.
  rows.sort((a, b) => (a.doc_type < b.doc_type ? -1 : a.doc_type > b.doc_type ? 1 : Number(a.doc_id) - Number(b.doc_id)));
  await db
    .insertInto("search_documents")
    .values(rows)
    .onConflict((oc) =>
      oc.columns(["doc_type", "doc_id"]).doUpdateSet((eb) => ({
        kind: eb.ref("excluded.kind"), group_key: eb.ref("excluded.group_key"), parent_id: eb.ref("excluded.parent_id"),
        slug: eb.ref("excluded.slug"), path: eb.ref("excluded.path"), title: eb.ref("excluded.title"), parent_title: eb.ref("excluded.parent_title"),
        summary: eb.ref("excluded.summary"), body: eb.ref("excluded.body"), extra_terms: eb.ref("excluded.extra_terms"),
        attachments: eb.ref("excluded.attachments"), attachment_text: eb.ref("excluded.attachment_text"),
        tags: eb.ref("excluded.tags"), tag_text: eb.ref("excluded.tag_text"), areas: eb.ref("excluded.areas"),
        org_id: eb.ref("excluded.org_id"), visibility: eb.ref("excluded.visibility"),
        shared_org_ids: eb.ref("excluded.shared_org_ids"), status: eb.ref("excluded.status"),
        solved: eb.ref("excluded.solved"), accepted: eb.ref("excluded.accepted"),
        reply_count: eb.ref("excluded.reply_count"), language: eb.ref("excluded.language"),
        created_at: eb.ref("excluded.created_at"), updated_at: eb.ref("excluded.updated_at"), indexed_at: sql`now()`,
      })),
    )
    .execute();
  // New words only; DO NOTHING takes no lock on existing rows, so concurrent writers do not queue.
  const fresh = [...new Set(wordSets.flatMap((s) => [...s]))].sort();
  if (fresh.length) {
    await sql`INSERT INTO search_terms (word) SELECT unnest(${fresh}::text[]) ON CONFLICT (word) DO NOTHING`.execute(db);
  }
}

/** Removes documents (and, for a thread or case, nothing else: callers remove replies explicitly). */
export async function deleteDocuments(db: Db, keys: DocKey[]): Promise<void> {
  for (const type of ["thread", "post", "case"] as const) {
    const ids = keys.filter((k) => k.type === type).map((k) => k.id);
    if (ids.length) await db.deleteFrom("search_documents").where("doc_type", "=", type).where("doc_id", "in", ids).execute();
  }
}

/**
 * Recomputes document frequencies (for IDF ranking) and prunes vocabulary words no document
 * contains any more. Runs in the worker and after a reindex, never in a request.
 */
export async function refreshStatistics(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`DELETE FROM search_lexeme_stats`.execute(trx);
    await sql`INSERT INTO search_lexeme_stats (lexeme, ndoc)
              SELECT word, ndoc FROM ts_stat('SELECT tsv_sv FROM search_documents')`.execute(trx);
    await sql`INSERT INTO search_lexeme_stats (lexeme, ndoc) SELECT ' N', count(*) FROM search_documents`.execute(trx);
    // Character 4-grams of questions' ranking (search/postgres/grams.ts).
    await sql`DELETE FROM search_gram_stats`.execute(trx);
    await sql`INSERT INTO search_gram_stats (gram, ndoc) SELECT word, ndoc FROM ts_stat('SELECT grams FROM search_documents')`.execute(trx);
    await sql`CREATE TEMP TABLE search_words_now ON COMMIT DROP AS
              SELECT word, ndoc FROM ts_stat('SELECT tsv_simple FROM search_documents') WHERE length(word) BETWEEN 3 AND 40 AND word ~ '^[[:alnum:]]+$'`.execute(trx);
    await sql`DELETE FROM search_terms t WHERE NOT EXISTS (SELECT 1 FROM search_words_now w WHERE w.word = t.word)`.execute(trx);
    await sql`INSERT INTO search_terms (word, ndoc) SELECT word, ndoc FROM search_words_now
              ON CONFLICT (word) DO UPDATE SET ndoc = excluded.ndoc`.execute(trx);
    await refreshRecencyMarks(trx);
  });
}

/**
 * Records the updated_at of the 256th, 512th, 1024th … most recently active document, so that a
 * search can bound a scan to "the newest n documents" with one timestamp (search/postgres/plan.ts).
 * Documents added since only make such a range a little wider.
 */
export async function refreshRecencyMarks(db: Db): Promise<void> {
  await sql`DELETE FROM search_recency_marks`.execute(db);
  await sql`INSERT INTO search_recency_marks (rank, updated_at)
            SELECT rn, updated_at FROM (
              SELECT updated_at, row_number() OVER (ORDER BY updated_at DESC) AS rn FROM search_documents) x
            WHERE rn >= 256 AND rn & (rn - 1) = 0`.execute(db);
}
