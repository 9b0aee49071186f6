import type { DB } from "../../db/client";
import { deleteOldLog } from "./webhooks.repo.server";

/** Days the webhook delivery log is kept (RETENTION_WEBHOOK_LOG_DAYS, default 90). */
export function webhookLogDays(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.RETENTION_WEBHOOK_LOG_DAYS);
  return Number.isInteger(n) && n > 0 ? n : 90;
}

/** Housekeeping: deletes delivery attempts (and finished messages) older than the retention. */
export function purgeWebhookLog(db: DB, now: Date, env: Record<string, string | undefined> = process.env): Promise<number> {
  return deleteOldLog(db, new Date(now.getTime() - webhookLogDays(env) * 86_400_000));
}
