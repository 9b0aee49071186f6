import type { DB } from "../../db/client";
import { recordEvent } from "../events/events.server";
import type { DomainCtx } from "../lib/ctx.server";
import { loadEnv } from "../lib/env.server";
import { recipientViewers } from "../notifications/notifications.repo.server";
import { canReadThread, orgIdsOf, type ThreadFacts } from "../policy";
import { expertsForTags } from "../profiles/profiles.repo.server";
import { insertRoutes, lockRouting, routableQuestions, routeCountsSince, routeSummary, threadTagIds } from "./routing.repo.server";
import { addWorkingDays } from "./working-days";

export type RoutingSettings = { afterWorkingDays: number; maxPeople: number; weeklyCap: number; maxAgeDays: number };

/** The settings from the environment (validated at start-up by loadEnv). */
export function routingSettings(env = loadEnv()): RoutingSettings {
  return {
    afterWorkingDays: env.ROUTING_AFTER_WORKING_DAYS, maxPeople: env.ROUTING_MAX_PEOPLE, weeklyCap: env.ROUTING_WEEKLY_CAP, maxAgeDays: 30,
  };
}

const WEEK = 7 * 86_400_000;
const CANDIDATES = 60;

/**
 * Who a question goes to: the people with most expertise in its tags who may read it and are
 * under their weekly cap, never the asker; people outside the asker's organisation first (the
 * asker's colleagues have likely seen it already), colleagues only to fill up to maxPeople.
 */
async function pickPeople(db: DB, q: ThreadFacts & { id: string }, tagIds: string[], s: RoutingSettings, now: Date): Promise<string[]> {
  const experts = await expertsForTags(db, tagIds, q.authorId, CANDIDATES);
  if (!experts.length) return [];
  const ids = experts.map((e) => e.userId);
  const [viewers, counts] = await Promise.all([recipientViewers(db, ids), routeCountsSince(db, ids, new Date(now.getTime() - WEEK))]);
  const eligible = ids.filter((id) => {
    const v = viewers.get(id);
    return v && canReadThread(v, q) && (counts.get(id) ?? 0) < s.weeklyCap;
  });
  const outside = eligible.filter((id) => !orgIdsOf(viewers.get(id)!).includes(q.orgId));
  const inside = eligible.filter((id) => orgIdsOf(viewers.get(id)!).includes(q.orgId));
  return [...outside, ...inside].slice(0, s.maxPeople);
}

/**
 * The periodic job: sends each question that has waited `afterWorkingDays` working days without
 * an answer to its best maxPeople experts (default 5; fewer when fewer qualify — one expert is
 * better than none), as a `question.routed`
 * event whose fan-out notifies them. Idempotent: the ledger's key means nobody is sent one
 * question twice, and a routed question is not routed again. Returns what it routed.
 */
export async function routeQuestions(db: DB, now = new Date(), s: RoutingSettings = routingSettings()) {
  // Working days are at least as long as calendar days: the SQL bound is loose, the check below exact.
  const candidates = await routableQuestions(db, new Date(now.getTime() - s.afterWorkingDays * 86_400_000), new Date(now.getTime() - s.maxAgeDays * 86_400_000), 200);
  const routed: { threadId: string; userIds: string[] }[] = [];
  for (const r of candidates) {
    if (addWorkingDays(r.created_at, s.afterWorkingDays) > now) continue;
    const q = { id: r.id, orgId: r.org_id, visibility: r.visibility, sharedOrgIds: r.shared_org_ids.map(String), authorId: r.author_id, kind: r.kind, hiddenAt: r.hidden_at, deletedAt: r.deleted_at, lockedAt: r.locked_at };
    const tagIds = await threadTagIds(db, r.id);
    const userIds = await db.transaction().execute(async (trx) => {
      await lockRouting(trx);
      const people = await pickPeople(db, q, tagIds, s, now);
      const fresh = await insertRoutes(trx, r.id, people, tagIds, now);
      if (fresh.length) await recordEvent(trx, { type: "question.routed", actorId: null, threadId: r.id, userIds: fresh });
      return fresh;
    });
    if (userIds.length) routed.push({ threadId: r.id, userIds });
  }
  return routed;
}

/** Anyone who may read the question (the caller has checked): how many it was sent to, and in which tags. */
export async function routingNotice(ctx: DomainCtx, threadId: string) {
  const s = await routeSummary(ctx.db, threadId);
  if (!s.count) return null;
  return { count: s.count, tags: s.tags.map((t) => ({ slug: t.slug, nameSv: t.name_sv, nameEn: t.name_en })) };
}

export const ROUTING_CRONTAB = "*/15 * * * * route_questions";
export const routingTasks = (db: DB) => ({ route_questions: async () => { await routeQuestions(db); } });
