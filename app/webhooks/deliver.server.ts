import type { Task, TaskList } from "graphile-worker";
import { Webhook } from "standardwebhooks";
import type { DB } from "../../db/client";
import type { StoredEvent } from "../events/types";
import { appBaseUrl, sendMail } from "../lib/mail.server";
import { i18nFor } from "../lib/i18n/i18n";
import { orgReader } from "../policy";
import { readableTarget } from "../policy/targets.server";
import { resolveEndpoint, privateAllowedByEnv } from "./ssrf.server";
import { postPinned } from "./send.server";
import { openSecret } from "./secret.server";
import {
  allowPrivateFor, countFailure, DELIVER_TASK, disableEndpoint, endpointById, insertAttempt, markMessage, messageById,
  orgAdminEmails, orgNameSlug, queueMessages, resetFailures, scheduleDelivery, subscribedEndpoints,
} from "./webhooks.repo.server";

// Webhook delivery (issue 14), a subscriber of the events outbox (app/events/dispatch.server.ts).
// The subscriber queues one message per subscribed endpoint whose organisation may read the
// item; the delivery job re-checks that (an ordinary member of the organisation, app/policy, at
// delivery time), builds the payload, signs it per Standard Webhooks and POSTs it to the address
// the SSRF check pinned. A failure is retried with exponential backoff (our own schedule, so the
// log shows each attempt); after WEBHOOK_DISABLE_AFTER consecutive failed attempts the endpoint is
// switched off and the organisation's admins are mailed.

export const WEBHOOK_EVENTS = ["case.published", "case.updated", "adoption.recorded", "thread.created", "answer.accepted"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
const isWebhookEvent = (t: string): t is WebhookEvent => (WEBHOOK_EVENTS as readonly string[]).includes(t);

const num = (v: string | undefined, d: number) => (Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d);
export const webhookSettings = (env = process.env) => ({
  maxAttempts: num(env.WEBHOOK_MAX_ATTEMPTS, 6),
  retryBaseMs: num(env.WEBHOOK_RETRY_BASE_MS, 30_000),
  disableAfter: num(env.WEBHOOK_DISABLE_AFTER, 20),
});

/** The item an event is about, as the read rule's target (a case, or a thread). */
function subjectOf(e: { event_type: string; thread_id: string | null; case_id: string | null }): { type: "case" | "thread"; id: string } | null {
  if (e.event_type.startsWith("case.") || e.event_type === "adoption.recorded") return e.case_id ? { type: "case", id: e.case_id } : null;
  return e.thread_id ? { type: "thread", id: e.thread_id } : null;
}

/** Subscriber: queues the event for every subscribed endpoint whose organisation may read its item. Notifies nobody. */
export async function webhookSubscriber(db: DB, e: StoredEvent): Promise<string[]> {
  if (!isWebhookEvent(e.type)) return [];
  const r = e as unknown as { threadId?: string; caseId?: string };
  const subject = subjectOf({ event_type: e.type, thread_id: r.threadId ?? null, case_id: r.caseId ?? null });
  if (!subject) return [];
  const endpoints = await subscribedEndpoints(db, e.type);
  const readable: string[] = [];
  for (const ep of endpoints) if (await readableTarget({ db, viewer: orgReader(ep.org_id) }, subject.type, subject.id)) readable.push(ep.id);
  await queueMessages(db, e.id, e.type, readable);
  return [];
}

/** The JSON body sent for a message: what happened and links to it, never more than the organisation may read. */
async function payloadFor(db: DB, m: NonNullable<Awaited<ReturnType<typeof messageById>>>, orgId: string, base: string) {
  const subject = subjectOf(m);
  if (!subject) return null;
  const viewer = orgReader(orgId);
  const target = await readableTarget({ db, viewer }, subject.type, subject.id);
  if (!target) return null;
  const data = (m.data ?? {}) as Record<string, unknown>;
  const item = {
    id: target.id, title: target.title, organisation: { id: target.orgId, name: target.orgName }, visibility: target.visibility,
    url: new URL(subject.type === "case" ? `/cases/${target.id}` : `/t/${target.id}`, base).toString(),
  };
  const extra: Record<string, unknown> = {};
  if (m.event_type === "case.updated") extra.changes = Array.isArray(data.changes) ? data.changes : [];
  if (m.event_type === "adoption.recorded") extra.adopting_organisation_id = typeof data.orgId === "string" ? data.orgId : null;
  if (m.event_type === "answer.accepted" && m.post_id) extra.answer_url = `${item.url}#post-${m.post_id}`;
  return { type: m.event_type, timestamp: m.event_at.toISOString(), data: { event_id: m.event_id, [subject.type]: item, ...extra } };
}

/** Runs one delivery attempt of a message; schedules the next on failure. Safe to run again. */
export async function deliverMessage(db: DB, messageId: string, now = new Date(), env = process.env): Promise<void> {
  const m = await messageById(db, messageId);
  if (!m || m.state !== "pending") return;
  const ep = await endpointById(db, m.endpoint_id);
  if (!ep || ep.deleted_at || ep.disabled_at) return void (await markMessage(db, m.id, "skipped", m.attempts, now));
  const payload = await payloadFor(db, m, ep.org_id, appBaseUrl(env));
  // No longer readable by the organisation (hidden, deleted, narrowed): nothing is sent.
  if (!payload) return void (await markMessage(db, m.id, "skipped", m.attempts, now));
  const attempt = m.attempts + 1;
  const body = JSON.stringify(payload);
  const allowPrivate = privateAllowedByEnv(env) || (await allowPrivateFor(db, ep.org_id));
  const target = await resolveEndpoint(ep.url, allowPrivate);
  let result: { ok: boolean; status: number | null; error: string | null; durationMs: number };
  if (!target.ok) result = { ok: false, status: null, error: `refused: ${target.reason}`, durationMs: 0 };
  else {
    const headers = new Webhook(openSecret(ep.secret)).sign(`msg_${m.id}`, now, body);
    result = await postPinned(target.url, target.address, target.family, {
      "Content-Type": "application/json", "User-Agent": "Allmanning-Webhooks/1",
      "webhook-id": `msg_${m.id}`, "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": headers,
    }, body);
  }
  await insertAttempt(db, { message_id: m.id, attempt, status_code: result.status, ok: result.ok, error: result.error, duration_ms: result.durationMs, at: now });
  if (result.ok) {
    await markMessage(db, m.id, "delivered", attempt, now);
    await resetFailures(db, ep.id);
    return;
  }
  const s = webhookSettings(env);
  const failures = await countFailure(db, ep.id);
  if (failures >= s.disableAfter) {
    await markMessage(db, m.id, "failed", attempt, now);
    if (await disableEndpoint(db, ep.id, result.error ?? "failed", now)) await noticeDisabled(db, ep, env);
    return;
  }
  if (attempt >= s.maxAttempts) return void (await markMessage(db, m.id, "failed", attempt, now));
  await markMessage(db, m.id, "pending", attempt, null);
  await scheduleDelivery(db, m.id, new Date(now.getTime() + s.retryBaseMs * 2 ** (attempt - 1)));
}

async function noticeDisabled(db: DB, ep: { id: string; org_id: string; url: string }, env: Record<string, string | undefined>) {
  const org = await orgNameSlug(db, ep.org_id);
  const admins = await orgAdminEmails(db, ep.org_id);
  const link = `${appBaseUrl(env)}/orgs/${org?.slug ?? ""}/admin/webhooks`;
  for (const a of admins) {
    const t = i18nFor(a.locale === "en" ? "en" : "sv").t;
    await sendMail(db, { to: a.email, subject: t("webhooks:mail.subject", { org: org?.name ?? "" }), text: t("webhooks:mail.text", { url: ep.url, link }) }, env).catch(() => undefined);
  }
}

/** Manually queued again from the delivery log: a new attempt now (the endpoint must be switched on). */
export async function requeueMessage(db: DB, messageId: string, now: Date) {
  await markMessage(db, messageId, "pending", (await messageById(db, messageId))?.attempts ?? 0, null);
  await scheduleDelivery(db, messageId, now);
}

export function webhookTasks(db: DB): TaskList {
  const task: Task = async (payload) => {
    const id = (payload as { id?: unknown } | null)?.id;
    if (typeof id !== "string" || !/^\d{1,18}$/.test(id)) return;
    await deliverMessage(db, id);
  };
  return { [DELIVER_TASK]: task };
}
