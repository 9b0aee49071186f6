import type { DB } from "../../db/client";
import type { Viewer } from "../policy";
import { recipientViewers } from "../notifications/notifications.repo.server";
import { notifySavedSearchMatches, stillAnnounceable, type MatchRef } from "../notifications/saved-search.server";
import { searchForViewer, type HitView } from "./search.server";
import { paramsOfQuery } from "./saved.server";
import { markChecked, searchesToCheck } from "./saved.repo.server";

// The saved-search alert job (issue 18): every few minutes, for each saved search that wants
// alerts, the newest matches its owner may find (the search applies the read rule) created since
// the last check; notifications re-check each at delivery. A person who was deactivated or lost
// every membership gets nothing; one who lost a membership gets nothing from that organisation.

export const ALERTS_TASK = "saved_search_alerts";
export const ALERTS_CRONTAB = `*/10 * * * * ${ALERTS_TASK} ?id=${ALERTS_TASK}`;
/** Matches looked at per search and run: the newest first. */
export const MATCHES_PER_RUN = 20;
/** The index trails the database by seconds: a match indexed late is still "new" (dedupe keys keep it to once). */
const INDEX_LAG_MS = 15 * 60_000;

const refOf = (h: HitView): MatchRef => ({ type: h.type, id: h.id });

/** The newest matches of a saved query for `viewer` (already through the search's read rule). */
export async function newestMatches(db: DB, viewer: Viewer | null, query: string, now: Date): Promise<HitView[]> {
  const params = { ...paramsOfQuery(query), sort: "newest" as const, page: 1 };
  const page = await searchForViewer({ db, viewer, now }, params, viewer?.locale ?? "sv");
  return page.hits;
}

/** Private feeds: a saved query's newest matches that `viewer` may read now, each re-checked. */
export async function savedSearchFeedMatches(db: DB, viewer: Viewer, query: string, now: Date): Promise<HitView[]> {
  const hits = await newestMatches(db, viewer, query, now);
  const ok = new Set((await stillAnnounceable(db, viewer, hits.map(refOf))).map((r) => `${r.type}:${r.id}`));
  return hits.filter((h) => ok.has(`${h.type}:${h.id}`));
}

/** The job: checks up to `batch` saved searches (least recently checked first). Returns counts. */
export async function runSavedSearchAlerts(db: DB, now = new Date(), batch = 500): Promise<{ checked: number; notified: number }> {
  const rows = await searchesToCheck(db, batch);
  const viewers = await recipientViewers(db, [...new Set(rows.map((r) => r.user_id))]);
  let notified = 0;
  for (const s of rows) {
    const viewer = viewers.get(s.user_id) ?? null;
    const since = new Date(Math.max(s.created_at.getTime(), s.last_checked_at.getTime() - INDEX_LAG_MS));
    if (viewer) {
      const hits = (await newestMatches(db, viewer, s.query, now)).filter((h) => new Date(h.createdAt) > since).slice(0, MATCHES_PER_RUN);
      if (await notifySavedSearchMatches(db, viewer, { id: s.id, name: s.name, digest: s.alert === "digest" }, hits.map(refOf), now)) notified++;
    }
    await markChecked(db, s.id, now);
  }
  return { checked: rows.length, notified };
}

export const savedSearchTasks = (db: DB) => ({ [ALERTS_TASK]: async () => { await runSavedSearchAlerts(db); } });
