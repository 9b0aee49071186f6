import type { DomainCtx } from "../lib/ctx.server";
import { canModerate, canUseModeration, isNetworkModerator, isPersonalDataException, moderatedOrgIds } from "../policy";
import { logPersonalDataAccess } from "./personal-data.server";
import { findTargets, healthCandidates } from "./content.repo.server";
import { openFlags } from "./flags.repo.server";
import { openReviewRequests } from "./notices.repo.server";
import { fail, itemHref, ok, type FlagReason, type Result, type Target, type TargetType } from "./types";

export type QueueFlag = { id: string; reason: FlagReason; text: string; reporterName: string; createdAt: Date };
export type QueueEntry = {
  target: Target;
  href: string;
  flags: QueueFlag[];
  urgent: boolean;
  reviewRequestedAt: Date | null;
  since: Date;
};
export type HealthEntry = { target: Target; href: string; overdue: boolean };

async function targetsByKey(ctx: DomainCtx, keys: { type: TargetType; id: string }[], personalData = new Set<string>()) {
  const map = new Map<string, Target>();
  for (const type of ["thread", "post", "case"] as const) {
    const ids = [...new Set(keys.filter((k) => k.type === type).map((k) => k.id))];
    for (const t of await findTargets(ctx.db, type, ids)) {
      // The policy decides scope: org moderators their organisations' items, network moderators what they can read,
      // and network moderators also any item with an open personal-data flag (logged: the exception).
      const key = `${type}:${t.id}`;
      if (canModerate(ctx.viewer, t)) map.set(key, t);
      else if (ctx.viewer && isPersonalDataException(ctx.viewer, t, personalData.has(key))) {
        await logPersonalDataAccess(ctx.db, ctx.viewer, t, { via: "queue" }, ctx.now);
        map.set(key, t);
      }
    }
  }
  return map;
}

/**
 * Moderators in scope: open flags and review requests on items they moderate, one entry per
 * item with the item in context, most urgent first (personal data, then review requests, then
 * the most-flagged, then the oldest).
 */
export async function reviewQueue(ctx: DomainCtx): Promise<Result<QueueEntry[]>> {
  if (!canUseModeration(ctx.viewer)) return fail("forbidden");
  // Network moderators see every organisation's items; organisation moderators their own.
  const scope = isNetworkModerator(ctx.viewer) ? null : moderatedOrgIds(ctx.viewer);
  const [flags, requests] = await Promise.all([openFlags(ctx.db, scope), openReviewRequests(ctx.db, scope)]);
  const keys = [
    ...flags.map((f) => ({ type: f.target_type, id: f.target_id })),
    ...requests.map((r) => ({ type: r.target_type, id: r.target_id })),
  ];
  const personalData = new Set(flags.filter((f) => f.reason === "personal_data").map((f) => `${f.target_type}:${f.target_id}`));
  const targets = await targetsByKey(ctx, keys, personalData);
  const entries = new Map<string, QueueEntry>();
  const entryFor = (type: TargetType, id: string, at: Date) => {
    const key = `${type}:${id}`;
    const t = targets.get(key);
    if (!t) return null;
    let e = entries.get(key);
    if (!e) entries.set(key, (e = { target: t, href: itemHref(t), flags: [], urgent: false, reviewRequestedAt: null, since: at }));
    if (at < e.since) e.since = at;
    return e;
  };
  for (const f of flags) {
    const e = entryFor(f.target_type, f.target_id, f.created_at);
    if (!e) continue;
    e.flags.push({ id: f.id, reason: f.reason, text: f.text, reporterName: f.reporter_name, createdAt: f.created_at });
    if (f.reason === "personal_data") e.urgent = true;
  }
  for (const r of requests) {
    const t = targets.get(`${r.target_type}:${r.target_id}`);
    if (!t?.hiddenAt || !r.review_requested_at || r.review_requested_at < t.hiddenAt) continue;
    const e = entryFor(r.target_type, r.target_id, r.review_requested_at)!;
    e.reviewRequestedAt = r.review_requested_at;
  }
  const list = [...entries.values()].sort(
    (a, b) =>
      Number(b.urgent) - Number(a.urgent) ||
      Number(Boolean(b.reviewRequestedAt)) - Number(Boolean(a.reviewRequestedAt)) ||
      b.flags.length - a.flags.length ||
      a.since.getTime() - b.since.getTime(),
  );
  return ok(list);
}

/** Moderators in scope: cases past their review-by date and items marked outdated, overdue first. */
export async function healthQueue(ctx: DomainCtx): Promise<Result<HealthEntry[]>> {
  if (!canUseModeration(ctx.viewer)) return fail("forbidden");
  const today = new Date(ctx.now.toISOString().slice(0, 10));
  const targets = await targetsByKey(ctx, await healthCandidates(ctx.db, today));
  const list = [...targets.values()].map((t) => ({
    target: t,
    href: itemHref(t),
    overdue: Boolean(t.reviewBy && new Date(t.reviewBy) < today),
  }));
  list.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.target.reviewBy?.getTime() ?? 0) - (b.target.reviewBy?.getTime() ?? 0) ||
      a.target.title.localeCompare(b.target.title, "sv"),
  );
  return ok(list);
}
