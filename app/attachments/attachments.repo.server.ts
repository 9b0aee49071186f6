import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";
import type { AttachmentParentType, AttachmentVariant, AttachmentsTable } from "../../db/types/attachments";
import { readableAttachments } from "../policy/readable";
import type { Viewer } from "../policy";

// All Kysely code for attachments. Reads go through readableAttachments (the parent's complete
// read rule and the file's own state); writes are the attachment capability's own.

type Q = Kysely<Database> | Transaction<Database>;
export type AttachmentRow = Selectable<AttachmentsTable>;

const COLS = [
  "a.id", "a.public_id", "a.blob_hash", "a.filename", "a.title", "a.mime", "a.kind", "a.size", "a.uploader_id", "a.parent_type",
  "a.parent_id", "a.position", "a.created_at", "a.attached_at", "a.detached_at", "a.hidden_at", "a.hidden_by", "a.hidden_reason",
  "a.deleted_at", "a.redacted_at", "a.width", "a.height", "a.variants", "a.text_content", "a.text_status", "a.text_error", "a.text_extracted_at",
] as const;

export type NewAttachment = {
  publicId: string; blobHash: string; filename: string; title: string; mime: string; kind: "document" | "image";
  size: number; uploaderId: string; width: number | null; height: number | null; variants: AttachmentVariant[];
};

export async function insertPending(db: Q, a: NewAttachment): Promise<AttachmentRow> {
  return (await db
    .insertInto("attachments")
    .values({
      public_id: a.publicId, blob_hash: a.blobHash, filename: a.filename, title: a.title, mime: a.mime, kind: a.kind, size: a.size,
      uploader_id: a.uploaderId, width: a.width, height: a.height, variants: JSON.stringify(a.variants),
    })
    .returningAll()
    .executeTakeFirstOrThrow());
}

/** The uploader's own pending upload of the same bytes under the same name (a double submit answers it). */
export async function findSamePending(db: Q, uploaderId: string, blobHash: string, filename: string) {
  return db.selectFrom("attachments").selectAll().where("uploader_id", "=", uploaderId).where("blob_hash", "=", blobHash)
    .where("filename", "=", filename).where("parent_type", "is", null).where("deleted_at", "is", null).executeTakeFirst();
}

/** One attachment by its public id, only when the viewer may read it (else undefined: 404). */
export async function findReadable(db: Q, v: Viewer | null, publicId: string): Promise<AttachmentRow | undefined> {
  return (await db.selectFrom("attachments as a").select(COLS).where("a.public_id", "=", publicId).where(readableAttachments(v, "a")).executeTakeFirst());
}

/** The readable, current (not detached) attachments of some parents, in their order. */
export async function listReadable(db: Q, v: Viewer | null, type: AttachmentParentType, parentIds: string[], opts: { withDetached?: boolean } = {}): Promise<AttachmentRow[]> {
  if (parentIds.length === 0) return [];
  let q = db.selectFrom("attachments as a").select(COLS)
    .where("a.parent_type", "=", type).where("a.parent_id", "in", parentIds).where(readableAttachments(v, "a"));
  if (!opts.withDetached) q = q.where("a.detached_at", "is", null);
  return (await q.orderBy("a.parent_id").orderBy("a.position").orderBy("a.id").execute());
}

/** Rows by id, whatever their state (for writes that have already checked the parent). */
export async function findByIds(db: Q, ids: string[]): Promise<AttachmentRow[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom("attachments as a").select(COLS).where("a.id", "in", ids).execute());
}

/** The uploader's own pending uploads among `publicIds`, locked for attaching. */
export async function lockPending(trx: Transaction<Database>, uploaderId: string, publicIds: string[]): Promise<AttachmentRow[]> {
  if (publicIds.length === 0) return [];
  return (await trx.selectFrom("attachments as a").select(COLS)
    .where("a.public_id", "in", publicIds).where("a.uploader_id", "=", uploaderId).where("a.parent_type", "is", null)
    .forUpdate().execute());
}

export async function currentCount(db: Q, type: AttachmentParentType, parentId: string): Promise<number> {
  const r = await db.selectFrom("attachments").select(({ fn }) => fn.countAll<string>().as("n"))
    .where("parent_type", "=", type).where("parent_id", "=", parentId).where("detached_at", "is", null).where("deleted_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Bytes this person uploaded since `since` (the daily quota). */
export async function uploadedSince(db: Q, uploaderId: string, since: Date): Promise<number> {
  const r = await db.selectFrom("attachments").select(sql<string>`coalesce(sum(size), 0)`.as("n"))
    .where("uploader_id", "=", uploaderId).where("created_at", ">=", since).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Attaches pending rows to a parent and queues text extraction for documents, in the caller's transaction. */
export async function attachRows(trx: Transaction<Database>, ids: string[], type: AttachmentParentType, parentId: string, start: number, titles: Map<string, string>) {
  let pos = start;
  for (const id of ids) {
    const title = titles.get(id);
    await trx.updateTable("attachments")
      .set({ parent_type: type, parent_id: parentId, attached_at: sql`now()`, position: pos++, ...(title !== undefined ? { title } : {}) })
      .where("id", "=", id).execute();
  }
  const docs = await trx.updateTable("attachments").set({ text_status: "pending" })
    .where("id", "in", ids).where("kind", "=", "document").returning("id").execute();
  for (const d of docs) {
    await sql`SELECT graphile_worker.add_job('attachment_extract', json_build_object('attachmentId', ${d.id}::text), job_key => 'attachment_extract:' || ${d.id}::text, max_attempts => 3)`.execute(trx);
  }
}

/** An edit removed these from their parent: kept (revision history), no longer on the page. */
export async function detachRows(trx: Transaction<Database>, ids: string[]) {
  if (ids.length) await trx.updateTable("attachments").set({ detached_at: sql`now()` }).where("id", "in", ids).where("detached_at", "is", null).execute();
}

export async function setTitles(trx: Transaction<Database>, titles: Map<string, string>) {
  for (const [id, title] of titles) await trx.updateTable("attachments").set({ title }).where("id", "=", id).execute();
}

export async function recordRevision(trx: Transaction<Database>, table: "post_revisions" | "case_revisions", revisionId: string, oldIds: string[], newIds: string[]) {
  await trx.insertInto("attachment_revisions").values({ revision_table: table, revision_id: revisionId, old_ids: oldIds, new_ids: newIds })
    .onConflict((oc) => oc.columns(["revision_table", "revision_id"]).doNothing()).execute();
}

export async function setHidden(trx: Q, id: string, by: string | null, reason: string | null) {
  await trx.updateTable("attachments").set(by ? { hidden_at: sql`now()`, hidden_by: by, hidden_reason: reason } : { hidden_at: null, hidden_by: null, hidden_reason: null }).where("id", "=", id).execute();
}

export async function setDeleted(trx: Q, id: string) {
  await trx.updateTable("attachments").set({ deleted_at: sql`now()` }).where("id", "=", id).where("deleted_at", "is", null).execute();
}

/** Redaction: the row stays as the record; its bytes and extracted text go. */
export async function setRedacted(trx: Q, id: string) {
  await trx.updateTable("attachments").set({ redacted_at: sql`now()`, text_content: null, variants: "[]" }).where("id", "=", id).execute();
}

/** Pending uploads older than `before` (never attached): removed by housekeeping. */
export async function deleteStalePending(db: Q, before: Date): Promise<string[]> {
  const rows = await db.deleteFrom("attachments").where("parent_type", "is", null).where("created_at", "<", before).returning(["blob_hash", "variants"]).execute();
  return rows.flatMap((r) => [r.blob_hash, ...(r.variants as AttachmentVariant[]).map((x) => x.hash)]);
}

/** Gallring of a parent: its attachment rows go for real; returns the hashes they named. */
export async function deleteForParent(db: Q, type: AttachmentParentType, parentIds: string[]): Promise<string[]> {
  if (parentIds.length === 0) return [];
  const rows = await db.deleteFrom("attachments").where("parent_type", "=", type).where("parent_id", "in", parentIds).returning(["blob_hash", "variants"]).execute();
  return rows.flatMap((r) => [r.blob_hash, ...(r.variants as AttachmentVariant[]).map((x) => x.hash)]);
}

/** Among `hashes`, those no attachment row (live, redacted excepted, or pending) still names. */
export async function unreferencedHashes(db: Q, hashes: string[]): Promise<string[]> {
  const uniq = [...new Set(hashes)];
  if (uniq.length === 0) return [];
  const used = await db.selectFrom("attachments as a").select("a.blob_hash as hash").where("a.blob_hash", "in", uniq).where("a.redacted_at", "is", null)
    .union(db.selectFrom(sql<{ hash: string }>`(SELECT v->>'hash' AS hash FROM attachments x, jsonb_array_elements(x.variants) v WHERE x.redacted_at IS NULL)`.as("vv")).select("vv.hash").where("vv.hash", "in", uniq))
    .execute();
  const usedSet = new Set(used.map((u) => u.hash));
  return uniq.filter((h) => !usedSet.has(h));
}

/** Case export: the listed attachments of these cases (names, sizes) — the caller has already filtered the cases. */
export async function exportRows(db: DB, v: Viewer | null, caseIds: string[]) {
  return listReadable(db, v, "case", caseIds);
}
