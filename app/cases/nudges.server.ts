import type { DB } from "../../db/client";
import { recordEvent } from "../events/events.server";
import { loadEnv } from "../lib/env.server";
import { recipientViewers } from "../notifications/notifications.repo.server";
import { canEditCase } from "../policy";
import { todayIn } from "./dates";
import { scopeOf } from "./mappers";
import { claimNudge, outcomesToFollow, pilotUnevaluated, reviewOverdue } from "./nudges.repo.server";

// Evaluation nudges (SKR found 3 of ~300 municipal AI initiatives evaluated before rollout): a
// case's owners are reminded when its review-by date has passed, when it has been in Pilot for
// N months with "evaluated: no", and when an adopting organisation tells how it went. Each nudge
// links to the field to update. A condition that still holds nudges again every REPEAT_DAYS; the
// owner's update ends the condition, and with it the nudges.

export type NudgeSettings = { pilotMonths: number; repeatDays: number };
export const nudgeSettings = (env = loadEnv()): NudgeSettings => ({ pilotMonths: env.NUDGE_PILOT_MONTHS, repeatDays: 30 });

type Reason = "review" | "pilot" | "outcome";
const ANCHOR: Record<Reason, string> = { review: "f-review_by", pilot: "f-evaluated", outcome: "f-outcomes" };
const DAY = 86_400_000;

type CaseBits = Parameters<typeof scopeOf>[0] & { id: string; created_by: string; contact_user_id: string | null };

function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** Sends one nudge unless its key was sent before: ledger row and event in one transaction. */
async function nudge(db: DB, c: CaseBits, reason: Reason, key: string, now: Date, orgName?: string): Promise<string[]> {
  const owners = [...new Set([c.created_by, ...(c.contact_user_id ? [c.contact_user_id] : [])])];
  const viewers = await recipientViewers(db, owners);
  // Only people who may still edit the case are asked to update it.
  const userIds = owners.filter((u) => viewers.has(u) && canEditCase(viewers.get(u)!, scopeOf(c)));
  if (!userIds.length) return [];
  return db.transaction().execute(async (trx) => {
    if (!(await claimNudge(trx, c.id, key, now))) return [];
    await recordEvent(trx, { type: "case.nudged", actorId: null, caseId: c.id, orgId: c.org_id, userIds, reason, key: `${c.id}:${key}`, anchor: ANCHOR[reason], orgName });
    return userIds;
  });
}

/**
 * The periodic job: finds every case whose condition holds and nudges its owners once per
 * condition and period (idempotent through the case_nudges ledger; the fan-out re-checks each
 * owner's right to read the case). Returns the nudges it sent.
 */
export async function runNudges(db: DB, now = new Date(), s: NudgeSettings = nudgeSettings()) {
  const sent: { caseId: string; reason: Reason; userIds: string[] }[] = [];
  const push = (caseId: string, reason: Reason, userIds: string[]) => { if (userIds.length) sent.push({ caseId, reason, userIds }); };
  const today = todayIn(now);
  for (const c of await reviewOverdue(db, today)) {
    const period = Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${c.review_by}T00:00:00Z`)) / DAY / s.repeatDays);
    push(c.id, "review", await nudge(db, c, "review", `review:${c.review_by}:${period}`, now));
  }
  const threshold = monthsBefore(now, s.pilotMonths);
  for (const c of await pilotUnevaluated(db, threshold)) {
    const since = new Date(c.status_since!);
    const period = Math.floor((threshold.getTime() - since.getTime()) / DAY / s.repeatDays);
    push(c.id, "pilot", await nudge(db, c, "pilot", `pilot:${since.getTime()}:${period}`, now));
  }
  for (const c of await outcomesToFollow(db)) {
    push(c.id, "outcome", await nudge(db, c, "outcome", `outcome:${c.adoption_id}:${new Date(c.adoption_updated_at).getTime()}`, now, c.adopter_name));
  }
  return sent;
}

export const NUDGES_CRONTAB = "41 * * * * case_nudges";
export const nudgeTasks = (db: DB) => ({ case_nudges: async () => { await runNudges(db); } });
