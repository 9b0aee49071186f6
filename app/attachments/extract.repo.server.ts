import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/types";
import type { AttachmentParentType } from "../../db/types/attachments";

// All SQL of text extraction: the attachment row it reads, the text columns it writes, and the
// queueing of its job (graphile-worker add_job, in the caller's transaction).

type Q = Kysely<Database> | Transaction<Database>;

export const EXTRACT_TASK = "attachment_extract";

export type ExtractionTarget = {
  id: string;
  blobHash: string;
  mime: string;
  kind: "document" | "image";
  parentType: AttachmentParentType | null;
  parentId: string | null;
  redacted: boolean;
};

export async function findExtractionTarget(db: Q, id: string): Promise<ExtractionTarget | null> {
  const r = await db
    .selectFrom("attachments")
    .select(["id", "blob_hash", "mime", "kind", "parent_type", "parent_id", "redacted_at"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!r) return null;
  return { id: r.id, blobHash: r.blob_hash, mime: r.mime, kind: r.kind, parentType: r.parent_type, parentId: r.parent_id, redacted: r.redacted_at !== null };
}

/** Records the outcome; `text` null with an error means failed. Returns the parent to reindex. */
export async function saveExtraction(
  db: Q,
  id: string,
  outcome: { ok: true; text: string } | { ok: false; error: string },
  now: Date,
): Promise<{ parentType: AttachmentParentType | null; parentId: string | null } | null> {
  const r = await db
    .updateTable("attachments")
    .set(
      outcome.ok
        ? { text_content: outcome.text, text_status: "done", text_error: null, text_extracted_at: now }
        : { text_content: null, text_status: "failed", text_error: outcome.error.slice(0, 500), text_extracted_at: now },
    )
    .where("id", "=", id)
    // Redacted meanwhile: its bytes (and so its text) are gone for good.
    .where("redacted_at", "is", null)
    .returning(["parent_type", "parent_id"])
    .executeTakeFirst();
  return r ? { parentType: r.parent_type, parentId: r.parent_id } : null;
}

/**
 * Marks documents as pending and queues one extraction job each (keyed by the attachment, so a
 * second call while one is queued adds nothing). Images have no text and are left alone.
 */
export async function queueExtraction(db: Q, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { rows } = await sql<{ id: string }>`
    WITH a AS (
      UPDATE attachments SET text_status = 'pending', text_error = NULL
      WHERE id = ANY(${ids}::bigint[]) AND kind = 'document' AND redacted_at IS NULL
      RETURNING id
    )
    SELECT a.id::text AS id,
      graphile_worker.add_job(${EXTRACT_TASK}, json_build_object('attachmentId', a.id::text), job_key => 'attachment_extract:' || a.id, max_attempts => 5) AS job
    FROM a`.execute(db);
  return rows.length;
}

/** Attached documents that were never queued (a safety net for the sweep). */
export async function unqueuedDocuments(db: Q, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom("attachments")
    .select("id")
    .where("text_status", "=", "none")
    .where("kind", "=", "document")
    .where("parent_id", "is not", null)
    .where("redacted_at", "is", null)
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
