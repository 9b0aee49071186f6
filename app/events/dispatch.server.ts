import type { Task, TaskList } from "graphile-worker";
import type { DB } from "../../db/client";
import { fanOut } from "../notifications/fanout.server";
import { mailSubscriber } from "../mail/subscriber.server";
import { webhookSubscriber } from "../webhooks/deliver.server";
import { findEvent, markDispatched, notifyRecipients } from "./events.repo.server";
import { DISPATCH_TASK, type StoredEvent } from "./types";

/** A subscriber: acts on one event, idempotently (it may run again after a failure). Returns who was notified. */
export type Subscriber = (db: DB, e: StoredEvent, now: Date) => Promise<string[]>;

// Mail runs after the fan-out: it mails the notifications the fan-out created (already read-checked).
// Webhooks queue their own delivery jobs (each re-checks the organisation's rights when it runs).
const SUBSCRIBERS: Subscriber[] = [fanOut, mailSubscriber, webhookSubscriber];

/**
 * The job behind every event: runs each subscriber, tells the live stream whom it notified, and
 * marks the event dispatched. Throws when a subscriber fails, so graphile-worker retries the job
 * with backoff; subscribers are idempotent, so a retry redoes nothing that already happened.
 */
export async function dispatchEvent(db: DB, id: string, now = new Date()): Promise<string[]> {
  const e = await findEvent(db, id);
  if (!e) return [];
  const notified = new Set<string>();
  for (const s of SUBSCRIBERS) for (const u of await s(db, e, now)) notified.add(u);
  if (notified.size) await notifyRecipients(db, e.id, [...notified]);
  await markDispatched(db, e.id, now);
  return [...notified];
}

export function eventTasks(db: DB): TaskList {
  const task: Task = async (payload) => {
    const id = (payload as { id?: unknown } | null)?.id;
    if (typeof id !== "string" && typeof id !== "number") return; // a malformed job has nothing to do
    await dispatchEvent(db, String(id));
  };
  return { [DISPATCH_TASK]: task };
}
