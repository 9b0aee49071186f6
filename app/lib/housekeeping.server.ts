import type { DB } from "../../db/client";
import { deleteExpiredSessionRows } from "../auth/session.repo.server";
import { purgeSubmissionKeys } from "./idempotency.repo.server";
import { purgeOrphanAttachments } from "../attachments/attachments.server";

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
  return {
    sessions,
    submissionKeys,
    emailTokens: Number(tokens.numDeletedRows),
    invitations: Number(invitations.numDeletedRows),
  };
}

export const housekeepingTasks = (db: DB) => ({
  housekeeping: async () => {
    await purgeExpired(db);
    // Pending uploads never attached (after ATTACHMENT_PENDING_HOURS) and blobs nothing names.
    await purgeOrphanAttachments(db);
  },
});

