import { randomBytes } from "node:crypto";
import type { DB } from "../../db/client";
import type { DomainCtx } from "../lib/ctx.server";
import { loadEnv } from "../lib/env.server";
import { insertSearch, markAsked, purgeSearchLog, refreshSearchMonths } from "./search-log.repo.server";

// Search logging for the insights dashboard: the normalised query, the hit count and the hour,
// never the person. See docs/decisions/2026-12-02-insights.md.

const HOUR = 3_600_000;

/** Lower case, NFC, one space between words, quotes and operators dropped, at most 200 characters. */
export function normaliseQuery(q: string): string {
  return q.normalize("NFC").toLowerCase().replace(/["'“”«»()*:]+/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);
}

/**
 * Logs one search (anyone may cause this; nothing about who is stored). Returns the token for
 * this results page's "ask a question" link, or null when nothing was logged (an empty query).
 * Never fails the search: a logging error is swallowed.
 */
export async function logSearch(ctx: Pick<DomainCtx, "db" | "now">, q: string, hits: number): Promise<string | null> {
  const query = normaliseQuery(q);
  if (!query) return null;
  const askToken = randomBytes(12).toString("base64url");
  const searchedAt = new Date(Math.floor(ctx.now.getTime() / HOUR) * HOUR);
  try {
    await insertSearch(ctx.db, { query, hits, searchedAt, askToken });
    return askToken;
  } catch {
    return null;
  }
}

/** A question was posted from a results page: counts its search as followed by a question. */
export async function questionAskedAfterSearch(ctx: Pick<DomainCtx, "db">, token: string | null | undefined) {
  if (!token || !/^[\w-]{8,40}$/.test(token)) return false;
  return markAsked(ctx.db, token).catch(() => false);
}

export const searchLogRetentionDays = () => loadEnv().RETENTION_SEARCH_LOG_DAYS;

/** Housekeeping: deletes search log rows older than the retention, and so their sums in insight_search_months. */
export async function purgeSearchLogRows(db: DB, now = new Date(), days = searchLogRetentionDays()) {
  const deleted = await purgeSearchLog(db, new Date(now.getTime() - days * 86_400_000), new Date(now.getTime() - 86_400_000));
  if (deleted > 0) await refreshSearchMonths(db);
  return deleted;
}
