import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { TaskList } from "graphile-worker";
import type { DB } from "../../db/client";
import { recordSearchChange } from "../../search/outbox";
import { blobStoreFor, type BlobStore } from "./blob-store.server";
import { extractText, type ExtractLimits } from "./extract.server";
import { EXTRACT_TASK, findExtractionTarget, queueExtraction, saveExtraction, unqueuedDocuments } from "./extract.repo.server";

// The background half of attachment search (issue 12): extract a document's text outside any
// request, store it on the attachment, and have search rebuild the parent's document so the
// text is found with its parent. A file that can't be read (timeout, memory, zip bomb, broken
// PDF) is recorded as failed with the reason and not retried; only infrastructure errors
// (database, blob store) throw, so graphile-worker retries those.

export const SWEEP_TASK = "attachment_extract_sweep";
export const ATTACHMENT_TEXT_CRONTAB = `*/10 * * * * ${SWEEP_TASK}`;

export { queueExtraction } from "./extract.repo.server";

type Options = { store?: BlobStore; limits?: Partial<ExtractLimits>; now?: () => Date };

/** Who may call: the job runner and tests. Guarantees: idempotent; the parent's search documents follow. */
export async function extractAttachment(db: DB, attachmentId: string, opts: Options = {}): Promise<"done" | "failed" | "skipped"> {
  const target = await findExtractionTarget(db, attachmentId);
  if (!target || target.kind !== "document" || target.redacted) return "skipped";
  const store = opts.store ?? blobStoreFor(db);
  const dir = await mkdtemp(path.join(tmpdir(), "allm-extract-"));
  try {
    const file = path.join(dir, "blob");
    const body = await store.get(target.blobHash);
    const result = body
      ? (await pipeline(body, createWriteStream(file)), await extractText(file, target.mime, opts.limits))
      : ({ ok: false, error: "blob_missing" } as const);
    const outcome = result.ok ? { ok: true as const, text: result.text } : { ok: false as const, error: "detail" in result && result.detail ? `${result.error}: ${result.detail}` : result.error };
    await db.transaction().execute(async (trx) => {
      const parent = await saveExtraction(trx, target.id, outcome, opts.now?.() ?? new Date());
      if (parent?.parentType && parent.parentId) await recordSearchChange(trx, parent.parentType, parent.parentId);
    });
    return result.ok ? "done" : "failed";
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The extraction tasks: one attachment, and a sweep that queues attached documents never queued. */
export function attachmentTextTasks(db: DB): TaskList {
  return {
    [EXTRACT_TASK]: async (payload) => {
      const id = (payload as { attachmentId?: unknown } | null)?.attachmentId;
      if (typeof id !== "string" && typeof id !== "number") return;
      if (!/^\d+$/.test(String(id))) return;
      await extractAttachment(db, String(id));
    },
    [SWEEP_TASK]: async () => {
      await queueExtraction(db, await unqueuedDocuments(db, 200));
    },
  };
}
