import type { DB } from "../../db/client";
import type { DomainCtx } from "../lib/ctx.server";
import { writeTransaction } from "../lib/transaction.server";
import { CADENCES, MAIL_DEFAULTS, MAIL_KINDS, type Cadence, type MailPreferences, type UnsubscribeScope } from "../mail/types";
import type { NotificationKind } from "./types";
import { consentRows, preferenceRows, upsertPreferences } from "./preferences.repo.server";
import { mailSettingsSchema } from "./preferences.schemas";

const isCadence = (v: unknown): v is Cadence => (CADENCES as readonly unknown[]).includes(v);

/** Anyone (jobs): each person's effective mail preferences, defaults filled in. */
export async function preferencesOf(db: DB, userIds: string[]): Promise<Map<string, MailPreferences>> {
  const out = new Map<string, MailPreferences>(userIds.map((u) => [u, { ...MAIL_DEFAULTS }]));
  for (const r of await preferenceRows(db, userIds)) {
    const p = out.get(r.user_id);
    if (p && r.kind in MAIL_DEFAULTS && isCadence(r.cadence)) p[r.kind as NotificationKind] = r.cadence;
  }
  return out;
}

/** Signed-in people: their mail preferences and the consent log (what they chose, when, where). */
export async function myMailSettings(ctx: DomainCtx) {
  if (!ctx.viewer) return null;
  const prefs = (await preferencesOf(ctx.db, [ctx.viewer.id])).get(ctx.viewer.id)!;
  const log = await consentRows(ctx.db, ctx.viewer.id, 10);
  return { prefs, consents: log.map((c) => ({ kind: c.kind, cadence: c.cadence, source: c.source, at: new Date(c.recorded_at).toISOString() })) };
}

export type SettingsResult = { ok: true; changed: number } | { ok: false; errors: Record<string, string> };

/**
 * Signed-in people: saves the mail settings form. A malformed value changes nothing and names its
 * field. Only changed kinds are stored, each recorded in the consent log with its time.
 */
export async function saveMailSettings(ctx: DomainCtx, values: Record<string, string>): Promise<SettingsResult> {
  if (!ctx.viewer) return { ok: false, errors: { form: "mail:settings.signIn" } };
  const parsed = mailSettingsSchema.safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const i of parsed.error.issues) errors[String(i.path[0])] = "mail:settings.invalid";
    return { ok: false, errors };
  }
  const current = (await preferencesOf(ctx.db, [ctx.viewer.id])).get(ctx.viewer.id)!;
  const chosen = parsed.data as Record<string, Cadence>;
  const changes = MAIL_KINDS.map((kind) => ({ kind, cadence: chosen[`mail.${kind}`] })).filter((c) => c.cadence !== current[c.kind]);
  const viewerId = ctx.viewer.id;
  await writeTransaction(ctx.db, (trx) => upsertPreferences(trx, viewerId, changes, "settings", ctx.now));
  return { ok: true, changed: changes.length };
}

/**
 * The unsubscribe page (token already verified): turns one kind, or every kind a digest carries,
 * to "never", recorded as consent from an unsubscribe link. Returns the kinds switched off.
 */
export async function unsubscribeFrom(db: DB, userId: string, scope: UnsubscribeScope, now: Date): Promise<NotificationKind[]> {
  const current = (await preferencesOf(db, [userId])).get(userId)!;
  const kinds = scope.startsWith("digest:")
    ? MAIL_KINDS.filter((k) => current[k] === scope.slice(7))
    : MAIL_KINDS.filter((k) => k === scope && current[k] !== "never");
  await writeTransaction(db, (trx) => upsertPreferences(trx, userId, kinds.map((kind) => ({ kind, cadence: "never" as const })), "unsubscribe", now));
  return kinds;
}
