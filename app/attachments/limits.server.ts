import { z } from "zod";

// Upload limits, configurable by environment (README, "Attachments"). Read on every call so tests
// and benches can set them per process; zod keeps a typo from silently meaning "no limit".
const MB = 1024 * 1024;
const schema = z.object({
  ATTACHMENT_MAX_DOCUMENT_MB: z.coerce.number().positive().max(1024).default(25),
  ATTACHMENT_MAX_IMAGE_MB: z.coerce.number().positive().max(1024).default(10),
  ATTACHMENT_MAX_FILES: z.coerce.number().int().min(1).max(200).default(20),
  ATTACHMENT_DAILY_QUOTA_MB: z.coerce.number().positive().max(100_000).default(250),
  ATTACHMENT_PENDING_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
  ATTACHMENT_STORE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
});

export type AttachmentLimits = {
  maxDocumentBytes: number;
  maxImageBytes: number;
  maxFiles: number;
  dailyQuotaBytes: number;
  pendingGraceMs: number;
  /** Files checked and stored at once per process; the rest wait their turn. */
  storeConcurrency: number;
};

export function attachmentLimits(env: Record<string, string | undefined> = process.env): AttachmentLimits {
  const e = schema.parse(env);
  return {
    maxDocumentBytes: Math.round(e.ATTACHMENT_MAX_DOCUMENT_MB * MB),
    maxImageBytes: Math.round(e.ATTACHMENT_MAX_IMAGE_MB * MB),
    maxFiles: e.ATTACHMENT_MAX_FILES,
    dailyQuotaBytes: Math.round(e.ATTACHMENT_DAILY_QUOTA_MB * MB),
    pendingGraceMs: Math.round(e.ATTACHMENT_PENDING_HOURS * 3_600_000),
    storeConcurrency: e.ATTACHMENT_STORE_CONCURRENCY,
  };
}

/** The largest single file any kind may be (the stream is cut there, before the type is known). */
export const maxFileBytes = (l: AttachmentLimits) => Math.max(l.maxDocumentBytes, l.maxImageBytes);
