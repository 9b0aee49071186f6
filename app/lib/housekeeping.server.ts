import type { DB } from "../../db/client";
import { deleteExpiredSessionRows } from "../auth/session.repo.server";
import { purgeSubmissionKeys } from "./idempotency.repo.server";
import { purgeWebhookLog } from "../webhooks/retention.server";
import { purgeExportBytes } from "../privacy/exports.repo.server";
import { purgeSearchLogRows } from "../insights/search-log.server";
import { pruneSearchChanges } from "../search/search.repo.server";
import { purgeOrphanAttachments } from "../attachments/attachments.server";
import { allowAuditMaintenance } from "../privacy/erasure.repo.server";

// Hourly clean-up of what has stopped meaning anything: sessions past their idle or absolute
// expiry, emailed tokens (a pending sign-up's token row holds its password hash) a day after they
// expired or were used, and invitations that were never accepted, 30 days after they expired (org
// admins see recent expired invitations; accepted ones stay as the record of who invited whom).
export const HOUSEKEEPING_CRONTAB = "17 * * * * housekeeping";

export async function purgeExpired(db: DB, now = new Date()) {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const monthAgo = new Date(now.getTime() - 30 * 86_400_000);
  const sessions = await deleteExpiredSessionRows(db, now);
  const tokens = await db
    .deleteFrom("email_tokens")
    .where((eb) => eb.or([eb("expires_at", "<", dayAgo), eb("used_at", "<", dayAgo)]))
    .executeTakeFirst();
  const invitations = await db
    .deleteFrom("invitations")
    .where("accepted_at", "is", null)
    .where("expires_at", "<", monthAgo)
    .executeTakeFirst();
  const submissionKeys = await purgeSubmissionKeys(db, dayAgo); // a resend a day later is a new submission
  const webhookAttempts = await purgeWebhookLog(db, now);
  const searchLog = await purgeSearchLogRows(db, now); // RETENTION_SEARCH_LOG_DAYS
  // The search revision's log (migration 2026-12-02T2201): an hour is far beyond the page cache's lifetime.
  await pruneSearchChanges(db, new Date(now.getTime() - 3_600_000));
  return {
    sessions,
    searchLog,
    submissionKeys,
    webhookAttempts,
    emailTokens: Number(tokens.numDeletedRows),
    invitations: Number(invitations.numDeletedRows),
  };
}

// Retention (issue 14), in days, from the environment; the defaults suit a Swedish public body:
// sessions live at most a month (their absolute lifetime is shorter still), handled flags are kept
// two years as the record of a moderation decision (open ones until handled), rate-limit counters a
// day after they lapse, and the audit log five years. Personal-data export zips go when their link
// expires or has been used, archive zips after their keeping time.
export const RETENTION_DEFAULTS = { RETENTION_SESSIONS_DAYS: 30, RETENTION_FLAGS_DAYS: 730, RETENTION_RATE_LIMIT_DAYS: 1, RETENTION_AUDIT_DAYS: 1825 } as const;
type RetentionKey = keyof typeof RETENTION_DEFAULTS;

/** The configured retention; a missing, non-numeric or negative value falls back to the default. */
export function retentionDays(env: Record<string, string | undefined> = process.env): Record<RetentionKey, number> {
  const out = { ...RETENTION_DEFAULTS } as Record<RetentionKey, number>;
  for (const k of Object.keys(RETENTION_DEFAULTS) as RetentionKey[]) {
    const v = env[k]?.trim();
    if (v && /^\d{1,6}$/.test(v)) out[k] = Number(v);
  }
  return out;
}

/** Deletes what is older than its retention: sessions, handled flags, rate-limit counters, audit entries, export bytes. */
export async function applyRetention(db: DB, now = new Date(), days = retentionDays()) {
  const before = (d: number) => new Date(now.getTime() - d * 86_400_000);
  const sessions = await db.deleteFrom("sessions").where("created_at", "<", before(days.RETENTION_SESSIONS_DAYS)).executeTakeFirst();
  const flags = await db.deleteFrom("flags").where("status", "in", ["dismissed", "actioned"])
    .where((eb) => eb(eb.fn.coalesce("handled_at", "created_at"), "<", before(days.RETENTION_FLAGS_DAYS))).executeTakeFirst();
  const rateLimits = await db.deleteFrom("rate_limits").where("expire", "<", String(before(days.RETENTION_RATE_LIMIT_DAYS).getTime())).executeTakeFirst();
  const audit = await db.transaction().execute(async (trx) => {
    await allowAuditMaintenance(trx); // the log is append-only for everything else
    return trx.deleteFrom("audit_log").where("created_at", "<", before(days.RETENTION_AUDIT_DAYS)).executeTakeFirst();
  });
  const exportChunks = await purgeExportBytes(db, now);
  return {
    sessions: Number(sessions.numDeletedRows), flags: Number(flags.numDeletedRows), rateLimits: Number(rateLimits.numDeletedRows),
    audit: Number(audit.numDeletedRows), exportChunks,
  };
}

export const housekeepingTasks = (db: DB) => ({
  housekeeping: async () => {
    await purgeExpired(db);
    await applyRetention(db);
    // Pending uploads never attached (after ATTACHMENT_PENDING_HOURS) and blobs nothing names.
    await purgeOrphanAttachments(db);
  },
});

