import type { DomainCtx } from "../lib/ctx.server";
import { touchVisit, upsertThreadRead, userCreatedAt } from "./reads.repo.server";
import type { ThreadPageData } from "./types";

/** A visit to the thread list ends after an hour without a look. */
const VISIT_GAP_MS = 60 * 60 * 1000;

/**
 * Signed-in reader of a thread page (after getThreadPage applied the read rule): remembers the
 * highest reply number they were shown, so lists count only replies after it as new.
 */
export async function markThreadRead(ctx: DomainCtx, page: ThreadPageData): Promise<void> {
  if (!ctx.viewer) return;
  const shown = [...page.posts, ...(page.accepted ? [page.accepted] : [])].map((p) => p.number);
  await upsertThreadRead(ctx.db, page.thread.id, ctx.viewer.id, Math.max(0, ...shown), ctx.now);
}

/**
 * Signed-in person opening the thread list: records the look and answers since when a thread
 * they have not opened counts as "Ny" — their previous visit, or when they joined. Null signed out.
 */
export async function newSinceForViewer(ctx: DomainCtx): Promise<Date | null> {
  if (!ctx.viewer) return null;
  const previous = await touchVisit(ctx.db, ctx.viewer.id, ctx.now, VISIT_GAP_MS);
  return previous ?? (await userCreatedAt(ctx.db, ctx.viewer.id));
}
