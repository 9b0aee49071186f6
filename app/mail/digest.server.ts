import type { DB } from "../../db/client";
import { preferencesOf } from "../notifications/preferences.server";
import { recipientViewers } from "../notifications/notifications.repo.server";
import { routedToSince } from "../routing/routing.repo.server";
import { writeTransaction } from "../lib/transaction.server";
import { activeUserIds, bestPracticeSince, casesAndAdoptionsSince, lastRuns, markRuns, notificationsSince, openQuestionsSince, watchedTags } from "./digest.repo.server";
import { readChecker, type ItemRef } from "./items.server";
import { enqueueMails, type NewMail } from "./outbox.repo.server";
import { MAIL_KINDS, type DigestCadence } from "./types";

const PERIOD_MS: Record<DigestCadence, number> = { daily: 86_400_000, weekly: 7 * 86_400_000 };
const PER_SECTION = 10;

/** Saved-search alerts go into a digest only when their search was set to "in-app and the digest". */
const inDigest = (n: { kind: string; data: unknown }) => n.kind !== "saved_search" || (n.data as { digest?: unknown } | null)?.digest === true;

/** What one digest mail will carry (ids only; the send job re-checks and renders). */
export type DigestPayload = {
  cadence: DigestCadence; since: string; notificationIds: string[]; routed: string[]; openQuestions: string[]; bestPractice: ItemRef[];
  /** New cases and cases newly adopted in the reader's areas (absent in payloads queued before this existed). */
  newCases?: string[]; adoptedCases?: string[];
};

/**
 * The digest job: for everyone who chose this cadence for some kind, what is new since their last
 * digest — their notifications of those kinds, questions routed to them, open questions in the
 * tags they watch, new cases and adoptions in those tags, best-practice picks — each checked against the reader's current rights. A
 * person with nothing new gets no mail. One mail per person and day (dedupe key). Returns counts.
 */
export async function runDigest(db: DB, cadence: DigestCadence, now = new Date(), batchSize = 500): Promise<{ people: number; queued: number }> {
  const canRead = readChecker(db);
  let after = "0";
  let people = 0;
  let queued = 0;
  for (;;) {
    const ids = await activeUserIds(db, after, batchSize);
    if (!ids.length) break;
    after = ids[ids.length - 1];
    const [prefs, viewers, runs] = await Promise.all([preferencesOf(db, ids), recipientViewers(db, ids), lastRuns(db, ids, cadence)]);
    const wanted = ids.filter((u) => viewers.has(u) && MAIL_KINDS.some((k) => prefs.get(u)![k] === cadence));
    if (!wanted.length) continue;
    const sinceOf = (u: string) => runs.get(u) ?? new Date(now.getTime() - PERIOD_MS[cadence]);
    const earliest = new Date(Math.min(...wanted.map((u) => sinceOf(u).getTime())));
    const [notifs, tags, picks] = await Promise.all([notificationsSince(db, wanted, earliest, now), watchedTags(db, wanted), bestPracticeSince(db, earliest, now)]);
    const tagIds = [...new Set(tags.map((t) => String(t.target_id)))];
    const [questions, inAreas] = await Promise.all([openQuestionsSince(db, tagIds, earliest, now), casesAndAdoptionsSince(db, tagIds, earliest, now)]);
    const mails: NewMail[] = [];
    for (const u of wanted) {
      const v = viewers.get(u)!;
      const p = prefs.get(u)!;
      const since = sinceOf(u);
      const notificationIds = notifs.filter((n) => n.user_id === u && n.updated_at > since && p[n.kind as keyof typeof p] === cadence && inDigest(n)).map((n) => String(n.id));
      const routed = (await routedToSince(db, u, since)).map((r) => String(r.thread_id)).filter((id) => !notifs.some((n) => n.user_id === u && String(n.thread_id) === id && notificationIds.includes(String(n.id))));
      const myTags = new Set(tags.filter((t) => t.user_id === u).map((t) => String(t.target_id)));
      const openQuestions: string[] = [];
      for (const q of questions) {
        if (openQuestions.length >= PER_SECTION) break;
        const id = String(q.id);
        if (q.created_at <= since || !myTags.has(String(q.tag_id)) || openQuestions.includes(id) || routed.includes(id)) continue;
        if (await canRead(v, { type: "thread", id })) openQuestions.push(id);
      }
      // New cases and adoptions in the reader's areas, each case once, only those they may read.
      const caseIdsIn = async (rows: { id: string; at: Date | null; tag_id: string }[], skip: string[]) => {
        const out: string[] = [];
        for (const r of rows) {
          const id = String(r.id);
          if (out.length >= PER_SECTION || !r.at || r.at <= since || !myTags.has(String(r.tag_id)) || out.includes(id) || skip.includes(id)) continue;
          if (await canRead(v, { type: "case", id })) out.push(id);
        }
        return out;
      };
      const newCases = await caseIdsIn(inAreas.cases, []);
      const adoptedCases = await caseIdsIn(inAreas.adoptions, newCases);
      const bestPractice: ItemRef[] = [];
      for (const b of picks) {
        if (bestPractice.length >= PER_SECTION || b.marked_at <= since) continue;
        const ref = { type: b.target_type as ItemRef["type"], id: String(b.target_id) };
        if (await canRead(v, ref)) bestPractice.push(ref);
      }
      const readableRouted: string[] = [];
      for (const id of routed) if (await canRead(v, { type: "thread", id })) readableRouted.push(id);
      if (!notificationIds.length && !readableRouted.length && !openQuestions.length && !bestPractice.length && !newCases.length && !adoptedCases.length) continue;
      const payload: DigestPayload = { cadence, since: since.toISOString(), notificationIds: notificationIds.slice(-50), routed: readableRouted, openQuestions, bestPractice, newCases, adoptedCases };
      mails.push({ userId: u, type: "digest", dedupeKey: `digest:${cadence}:${since.toISOString()}`, payload });
    }
    // The mails, their send jobs and "digested until now" commit together.
    queued += (await writeTransaction(db, async (trx) => {
      const q = await enqueueMails(trx, mails);
      await markRuns(trx, wanted, cadence, now);
      return q;
    })).length;
    people += wanted.length;
  }
  return { people, queued };
}
