import type { DB } from "../../db/client";
import type { StoredEvent } from "../events/types";
import type { NotificationKind } from "../notifications/types";
import { preferencesOf } from "../notifications/preferences.server";
import { notificationsOfEvent } from "./subscriber.repo.server";
import { enqueueMails } from "./outbox.repo.server";

/**
 * The mail subscriber (runs after the notification fan-out in the same event job): every
 * notification this event created for someone who wants that kind immediately queues one mail
 * and its send job. Nothing is sent here. Idempotent: one mail per notification (dedupe key).
 * Digest kinds wait for the digest job. Returns nobody (the live stream has nothing to add).
 */
export async function mailSubscriber(db: DB, e: StoredEvent): Promise<string[]> {
  const rows = await notificationsOfEvent(db, e.id);
  if (!rows.length) return [];
  const prefs = await preferencesOf(db, [...new Set(rows.map((r) => r.user_id))]);
  const mails = rows
    .filter((r) => prefs.get(r.user_id)?.[r.kind as NotificationKind] === "immediately")
    .map((r) => ({ userId: r.user_id, type: "notification" as const, dedupeKey: `n:${r.id}:${e.id}`, payload: { notificationId: String(r.id) } }));
  await enqueueMails(db, mails);
  return [];
}
