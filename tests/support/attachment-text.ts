import { createHash, randomBytes } from "node:crypto";
import { Logger, runOnce } from "graphile-worker";
import type { DB } from "../../db/client";
import { blobStoreFor, fromBuffer } from "../../app/attachments/blob-store.server";
import { attachmentTextTasks } from "../../app/attachments/extract.job.server";
import type { AttachmentParentType } from "../../db/types/attachments";

// Attachments for the text-extraction tests: the bytes go into the real blob store (PostgreSQL
// unless S3 is configured) and the row points at a parent, as an attached upload would.

export async function storeAttachment(
  db: DB,
  o: { uploaderId: string; parentType: AttachmentParentType | null; parentId: string | null; filename: string; mime: string; bytes: Uint8Array; kind?: "document" | "image" },
): Promise<string> {
  const buf = Buffer.from(o.bytes);
  const hash = createHash("sha256").update(buf).digest("hex");
  await blobStoreFor(db).put(hash, fromBuffer(buf));
  const row = await db
    .insertInto("attachments")
    .values({
      public_id: randomBytes(12).toString("base64url"), blob_hash: hash, filename: o.filename, mime: o.mime, kind: o.kind ?? "document",
      size: buf.length, uploader_id: o.uploaderId, parent_type: o.parentType, parent_id: o.parentId,
      attached_at: o.parentId ? new Date() : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const silent = new Logger(() => () => {});

/** Runs every queued extraction job through graphile-worker on the given database, then returns. */
export async function runExtractionJobs(db: DB, url: string): Promise<void> {
  await runOnce({ connectionString: url, taskList: attachmentTextTasks(db), logger: silent, concurrency: 1 });
}
