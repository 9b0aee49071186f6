import type { Viewer } from "./types";

// Undoing a soft delete ("Ångra"): a short grace period for the person who pressed the button.
// After it the item stays soft-deleted and only moderation tools can bring it back.

/** How long after a delete the person who made it may take it back. */
export const UNDO_WINDOW_MINUTES = 10;

/** Only the person who deleted it, only within the window, only while it is still deleted. */
export function canUndoDelete(v: Viewer | null, item: { deletedAt: Date | null; deletedBy: string | null }, now: Date): boolean {
  if (!v || !item.deletedAt || item.deletedBy !== v.id) return false;
  const age = now.getTime() - item.deletedAt.getTime();
  return age >= 0 && age <= UNDO_WINDOW_MINUTES * 60_000;
}
