import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import type { Transaction } from "kysely";
import pLimit from "p-limit";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";
import type { AttachmentParentType, AttachmentVariant } from "../../db/types/attachments";
import type { DomainCtx } from "../lib/ctx.server";
import { recordAudit } from "../moderation/audit.server";
import { recordSearchChange } from "../../search/outbox";
import { canDeleteAttachment, canModerateAttachment, type Viewer } from "../policy";
import { readableTarget } from "../policy/targets.server";
import * as repo from "./attachments.repo.server";
import { blobStoreFor, fromBuffer, type BlobStore } from "./blob-store.server";
import { CHUNK_BYTES } from "./blob-store-pg.server";
import { safeFilename } from "./filename";
import { reencodeImage } from "./images.server";
import type { IncomingFile } from "./intake.server";
import { attachmentLimits, type AttachmentLimits } from "./limits.server";
import { sniffFile } from "./sniff.server";
import { toView, type AttachmentView } from "./view";

// Attachments: files uploaded by members, stored by content hash in the blob store, attached to a
// thread's opening text, a reply or a case. An upload first becomes a PENDING row (only its
// uploader can see it); the write that creates or edits the parent attaches it in the same
// transaction and queues text extraction there. Every read goes through readableAttachments.

export type UploadCode =
  | "type_not_allowed" | "macros" | "encrypted" | "polyglot" | "zip_bomb" | "empty" | "filename_invalid"
  | "too_large" | "too_many" | "quota" | "image_broken" | "unreadable" | "title_too_long";
export type UploadOutcome = { ok: true; attachment: AttachmentView } | { ok: false; name: string; code: UploadCode };

export const MAX_TITLE = 200;
// Checking and storing a file (sniffing, re-encoding, streaming it into the blob store) is the
// memory- and CPU-heavy part of an upload. A process runs a few at a time and queues the rest,
// so ten concurrent 20 MB uploads cost about what two do (bench/attachments-io.ts); the bytes
// wait on disk, not in memory. ATTACHMENT_STORE_CONCURRENCY sets it (README, "Attachments").
const storeGate = pLimit(attachmentLimits().storeConcurrency);
const newPublicId = () => randomBytes(12).toString("base64url");

/** Signed-in members: sniffs, checks limits, re-encodes images and stores each temp file as a pending upload. */
export async function storeUploads(ctx: DomainCtx, files: IncomingFile[], opts: { limits?: AttachmentLimits; store?: BlobStore } = {}): Promise<UploadOutcome[]> {
  const v = ctx.viewer;
  if (!v || v.memberships.length === 0) return files.map((f) => ({ ok: false, name: f.rawName, code: "unreadable" as const }));
  const limits = opts.limits ?? attachmentLimits();
  const store = opts.store ?? blobStoreFor(ctx.db);
  let used = await repo.uploadedSince(ctx.db, v.id, new Date(ctx.now.getTime() - 86_400_000));
  const out: UploadOutcome[] = [];
  for (const f of files) {
    const r = await storeGate(() => storeOne(ctx, v, f, limits, store, used));
    if (r.ok) used += Number(r.attachment.size);
    out.push(r);
  }
  return out;
}

async function storeOne(ctx: DomainCtx, v: Viewer, f: IncomingFile, limits: AttachmentLimits, store: BlobStore, used: number): Promise<UploadOutcome> {
  const name = safeFilename(f.rawName);
  if (!name.ok) return { ok: false, name: f.rawName, code: "filename_invalid" };
  const sniff = await sniffFile(f.path);
  if (!sniff.ok) return { ok: false, name: name.name, code: sniff.code };
  const max = sniff.kind === "image" ? limits.maxImageBytes : limits.maxDocumentBytes;
  if (f.size > max) return { ok: false, name: name.name, code: "too_large" };
  if (used + f.size > limits.dailyQuotaBytes) return { ok: false, name: name.name, code: "quota" };
  let hash = f.hash;
  let size = f.size;
  let width: number | null = null;
  let height: number | null = null;
  const variants: AttachmentVariant[] = [];
  if (sniff.kind === "image") {
    let set;
    try {
      set = await reencodeImage(f.path, sniff.mime);
    } catch {
      return { ok: false, name: name.name, code: "image_broken" };
    }
    const main = await putBuffer(store, set.main.data);
    ({ hash, size } = main);
    width = set.main.width;
    height = set.main.height;
    for (const x of set.variants) {
      const p = await putBuffer(store, x.data);
      variants.push({ w: x.w, hash: p.hash, size: p.size, width: x.width, height: x.height, mime: x.mime });
    }
  } else {
    // Read in the store's chunk size: each read is one chunk, sent on without joining or copying.
    await store.put(f.hash, createReadStream(f.path, { highWaterMark: CHUNK_BYTES }));
  }
  const same = await repo.findSamePending(ctx.db, v.id, hash, name.name);
  if (same) return { ok: true, attachment: toView(same) };
  const row = await repo.insertPending(ctx.db, {
    publicId: newPublicId(), blobHash: hash, filename: name.name, title: "", mime: sniff.mime, kind: sniff.kind, size, uploaderId: v.id,
    width, height, variants,
  });
  return { ok: true, attachment: toView(row) };
}

async function putBuffer(store: BlobStore, data: Buffer) {
  const { createHash } = await import("node:crypto");
  const hash = createHash("sha256").update(data).digest("hex");
  await store.put(hash, fromBuffer(data));
  return { hash, size: data.length };
}

export type AttachInput = { publicIds: string[]; titles?: Record<string, string> };

/** Thrown inside a parent's write when its files cannot be attached: the whole write rolls back. */
export class AttachFailed extends Error {
  constructor(readonly code: "too_many" | "missing" | "title_too_long") {
    super(`attach failed: ${code}`);
  }
}
/** The catalogue key for an AttachFailed (shown next to the form's file field). */
export const attachErrorKey = (e: AttachFailed) => `files:errors.${e.code}`;

/** attachPending that throws AttachFailed (for use inside a parent's write). */
export async function attachOrThrow(trx: Transaction<Database>, viewer: Viewer, parent: { type: AttachmentParentType; id: string }, input: AttachInput | undefined) {
  const r = await attachPending(trx, viewer, parent, input);
  if (!r.ok) throw new AttachFailed(r.code);
  return r.ids;
}
export type AttachResult = { ok: true; ids: string[] } | { ok: false; code: "too_many" | "missing" | "title_too_long" };

/**
 * Called by the forum and cases capabilities INSIDE the transaction that creates or edits the
 * parent (after their own permission checks): attaches the viewer's own pending uploads, keeps
 * the per-parent limit and queues text extraction for documents.
 */
export async function attachPending(trx: Transaction<Database>, viewer: Viewer, parent: { type: AttachmentParentType; id: string }, input: AttachInput | undefined, limits = attachmentLimits()): Promise<AttachResult> {
  const wanted = [...new Set(input?.publicIds ?? [])];
  const titles = new Map<string, string>();
  if (wanted.length === 0) return { ok: true, ids: [] };
  const rows = await repo.lockPending(trx, viewer.id, wanted);
  if (rows.length !== wanted.length) return { ok: false, code: "missing" };
  const have = await repo.currentCount(trx, parent.type, parent.id);
  if (have + rows.length > limits.maxFiles) return { ok: false, code: "too_many" };
  for (const r of rows) {
    const t = input?.titles?.[r.public_id]?.trim();
    if (t !== undefined) {
      if (t.length > MAX_TITLE) return { ok: false, code: "title_too_long" };
      titles.set(r.id, t);
    }
  }
  const order = wanted.map((p) => rows.find((r) => r.public_id === p)!.id);
  await repo.attachRows(trx, order, parent.type, parent.id, have, titles);
  return { ok: true, ids: order };
}

/**
 * Editing a parent (its editor or a moderator, already checked by the caller): the files kept,
 * the ones removed (detached, still in the revision history) and new uploads; titles updated;
 * records which files the revision had before and after.
 */
export async function reviseAttachments(
  trx: Transaction<Database>, viewer: Viewer, parent: { type: AttachmentParentType; id: string },
  edit: { keep: string[]; add: AttachInput; titles?: Record<string, string> }, revision: { table: "post_revisions" | "case_revisions"; id: string } | null,
): Promise<AttachResult> {
  const current = await repo.listReadable(trx, viewer, parent.type, [parent.id]);
  const before = current.map((r) => r.id);
  const keep = new Set(edit.keep);
  const removed = current.filter((r) => !keep.has(r.public_id)).map((r) => r.id);
  await repo.detachRows(trx, removed);
  // Detached files' text leaves the parent's search document in this transaction.
  if (removed.length) await recordSearchChange(trx, parent.type, parent.id);
  const titles = new Map<string, string>();
  for (const r of current) {
    const t = edit.titles?.[r.public_id]?.trim();
    if (t !== undefined && t !== r.title && keep.has(r.public_id)) {
      if (t.length > MAX_TITLE) return { ok: false, code: "title_too_long" };
      titles.set(r.id, t);
    }
  }
  await repo.setTitles(trx, titles);
  const added = await attachPending(trx, viewer, parent, edit.add);
  if (!added.ok) return added;
  const after = [...before.filter((id) => !removed.includes(id)), ...added.ids];
  if (revision && (removed.length || added.ids.length)) await repo.recordRevision(trx, revision.table, revision.id, before, after);
  return { ok: true, ids: after };
}

/** Anyone: the parents' current attachments the viewer may read, grouped by parent id. */
export async function attachmentsOf(ctx: Pick<DomainCtx, "db" | "viewer">, type: AttachmentParentType, ids: string[]): Promise<Map<string, AttachmentView[]>> {
  const rows = await repo.listReadable(ctx.db, ctx.viewer, type, ids);
  const out = new Map<string, AttachmentView[]>();
  for (const r of rows) {
    const list = out.get(r.parent_id!) ?? [];
    list.push(toView(r));
    out.set(r.parent_id!, list);
  }
  return out;
}

/** Anyone: the viewer's readable attachment views for a list of public ids (Markdown references). */
export async function attachmentByPublicId(ctx: Pick<DomainCtx, "db" | "viewer">, publicId: string): Promise<AttachmentView | null> {
  if (!/^[A-Za-z0-9_-]{8,40}$/.test(publicId)) return null;
  const row = await repo.findReadable(ctx.db, ctx.viewer, publicId);
  return row ? toView(row) : null;
}

export type Download = { hash: string; size: number; mime: string; filename: string; inline: boolean; etag: string };

/** Anyone: what to send for a file (or one image width), checked against the parent's read rule NOW; null = 404. */
export async function openDownload(ctx: Pick<DomainCtx, "db" | "viewer">, publicId: string, width: string | null): Promise<Download | null> {
  if (!/^[A-Za-z0-9_-]{8,40}$/.test(publicId)) return null;
  const row = await repo.findReadable(ctx.db, ctx.viewer, publicId);
  if (!row) return null;
  if (width) {
    let v = row.variants.find((x) => String(x.w) === width);
    // A srcset names fixed widths; a small image has fewer: answer the nearest one it has, or the image itself.
    if (!v && /^(480|960|1600)$/.test(width) && row.kind === "image") {
      v = row.variants.filter((x) => typeof x.w === "number" && x.w <= Number(width)).sort((a, b) => Number(b.w) - Number(a.w))[0];
      if (!v) return { hash: row.blob_hash, size: Number(row.size), mime: row.mime, filename: row.filename, inline: true, etag: `"${row.blob_hash.slice(0, 32)}"` };
    }
    if (!v) return null;
    return { hash: v.hash, size: v.size, mime: v.mime, filename: row.filename.replace(/\.[^.]+$/, "") + ".webp", inline: true, etag: `"${v.hash.slice(0, 32)}"` };
  }
  return { hash: row.blob_hash, size: Number(row.size), mime: row.mime, filename: row.filename, inline: row.kind === "image", etag: `"${row.blob_hash.slice(0, 32)}"` };
}

type ModOutcome = { ok: true } | { ok: false; error: "notFound" | "forbidden" | "invalid" };

async function loadWithParent(ctx: DomainCtx, publicId: string) {
  const row = await repo.findReadable(ctx.db, ctx.viewer, publicId);
  if (!row || !row.parent_type) return null;
  const parent = await readableTarget(ctx, row.parent_type, row.parent_id!);
  return parent ? { row, parent } : null;
}

/** The parent's moderators in scope: one file as its moderation page shows it; null (404) for anyone else. */
export async function attachmentForModeration(ctx: DomainCtx, publicId: string): Promise<{ attachment: AttachmentView; parentType: AttachmentParentType } | null> {
  if (!/^[A-Za-z0-9_-]{8,40}$/.test(publicId)) return null;
  const found = await loadWithParent(ctx, publicId);
  if (!found || !canModerateAttachment(ctx.viewer, found.parent.facts)) return null;
  return { attachment: toView(found.row), parentType: found.parent.type };
}

/** The parent's moderators in scope: hides (or with `reason` null, shows again) one file, with an audit entry. */
export async function hideAttachment(ctx: DomainCtx, publicId: string, reason: string | null): Promise<ModOutcome> {
  const found = await loadWithParent(ctx, publicId);
  if (!found) return { ok: false, error: "notFound" };
  const { row, parent } = found;
  if (!canModerateAttachment(ctx.viewer, parent.facts)) return { ok: false, error: "notFound" };
  if (reason !== null && !reason.trim()) return { ok: false, error: "invalid" };
  await ctx.db.transaction().execute(async (trx) => {
    await repo.setHidden(trx, row.id, reason === null ? null : ctx.viewer!.id, reason?.trim() ?? null);
    // The file's extracted text is part of its parent's search document: rebuild it now.
    await recordSearchChange(trx, row.parent_type!, row.parent_id!);
    await recordAudit(trx, {
      actorId: ctx.viewer!.id, action: `${parent.type}.${reason === null ? "attachment_restore" : "attachment_hide"}`, targetType: parent.type, targetId: parent.id,
      orgId: parent.orgId, reason: reason ?? "", details: { attachment: row.public_id, filename: row.filename, size: Number(row.size) },
    });
  });
  return { ok: true };
}

/** The parent's moderators in scope: redacts one file — its bytes are removed for good, the row and an audit entry stay. */
export async function redactAttachment(ctx: DomainCtx, publicId: string, reason: string): Promise<ModOutcome> {
  const found = await loadWithParent(ctx, publicId);
  if (!found) return { ok: false, error: "notFound" };
  const { row, parent } = found;
  if (!canModerateAttachment(ctx.viewer, parent.facts)) return { ok: false, error: "notFound" };
  if (!reason.trim()) return { ok: false, error: "invalid" };
  await ctx.db.transaction().execute(async (trx) => {
    await repo.setRedacted(trx, row.id);
    await recordSearchChange(trx, row.parent_type!, row.parent_id!);
    await recordAudit(trx, {
      actorId: ctx.viewer!.id, action: `${parent.type}.attachment_redact`, targetType: parent.type, targetId: parent.id, orgId: parent.orgId,
      reason, details: { attachment: row.public_id, filename: row.filename, size: Number(row.size) },
    });
  });
  await removeBlobsIfUnused(ctx.db, [row.blob_hash, ...row.variants.map((x) => x.hash)]);
  return { ok: true };
}

/** Its uploader or the parent's moderators: soft-deletes one file (the bytes stay until gallring). */
export async function deleteAttachment(ctx: DomainCtx, publicId: string): Promise<ModOutcome> {
  const row = await repo.findReadable(ctx.db, ctx.viewer, publicId);
  if (!row) return { ok: false, error: "notFound" };
  const parent = row.parent_type ? await readableTarget(ctx, row.parent_type, row.parent_id!) : null;
  if (row.parent_type && !parent) return { ok: false, error: "notFound" };
  const facts = { uploaderId: row.uploader_id, hiddenAt: row.hidden_at, deletedAt: row.deleted_at, redactedAt: row.redacted_at };
  if (!canDeleteAttachment(ctx.viewer, parent?.facts ?? null, facts)) return { ok: false, error: "forbidden" };
  await ctx.db.transaction().execute(async (trx) => {
    await repo.setDeleted(trx, row.id);
    if (row.parent_type) await recordSearchChange(trx, row.parent_type, row.parent_id!);
    if (parent) {
      await recordAudit(trx, {
        actorId: ctx.viewer!.id, action: `${parent.type}.attachment_delete`, targetType: parent.type, targetId: parent.id, orgId: parent.orgId,
        details: { attachment: row.public_id, filename: row.filename, size: Number(row.size) },
      });
    }
  });
  return { ok: true };
}

/** Blob hashes nothing names any more are deleted from the store for real. */
export async function removeBlobsIfUnused(db: DB, hashes: string[], store: BlobStore = blobStoreFor(db)): Promise<number> {
  const gone = await repo.unreferencedHashes(db, hashes);
  let n = 0;
  for (const h of gone) if (await store.delete(h)) n++;
  return n;
}

/**
 * Gallring, inside the transaction that hard-deletes the parents (the forum's and the cases'
 * disposal): their attachment rows go; returns the blob hashes they named. The caller passes
 * them to removeBlobsIfUnused once the transaction has committed, so the bytes never go while
 * the delete could still roll back (the S3 store is outside the transaction).
 */
export async function dropAttachmentsOf(trx: Transaction<Database> | DB, parents: { type: AttachmentParentType; ids: string[] }[]): Promise<string[]> {
  const hashes: string[] = [];
  for (const p of parents) hashes.push(...(await repo.deleteForParent(trx, p.type, p.ids)));
  return [...new Set(hashes)];
}

/** Housekeeping: pending uploads never attached, older than the grace period, and blobs nothing names. */
export async function purgeOrphanAttachments(db: DB, now = new Date(), limits = attachmentLimits(), store: BlobStore = blobStoreFor(db)): Promise<{ pending: number; blobs: number }> {
  const before = new Date(now.getTime() - limits.pendingGraceMs);
  const hashes = await repo.deleteStalePending(db, before);
  let blobs = await removeBlobsIfUnused(db, hashes, store);
  if (store.name === "postgres") {
    const { PostgresBlobStore } = await import("./blob-store-pg.server");
    for (const h of await new PostgresBlobStore(db).unreferenced(before)) if (await store.delete(h)) blobs++;
  }
  return { pending: hashes.length, blobs };
}
