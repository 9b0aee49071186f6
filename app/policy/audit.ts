import { canSeeHidden, moderatedOrgIds } from "./moderation";
import { isNetworkAdmin, isNetworkModerator } from "./roles";
import { canRead } from "./visibility";
import type { Scoped, Viewer } from "./types";

// Who reads which audit-log entries (docs/decisions/2026-12-02-search-state-and-audit-scope.md).
// The log names items, people and moderators' reasons, so it follows the same read rule as the
// items themselves; `canUseModeration` (moderation.ts) only answers "may open the page at all".

/**
 * - network admins: every entry;
 * - organisation moderators/admins: every entry of the organisations they moderate;
 * - network moderators: those, plus entries about content (threads, replies, published cases)
 *   they may read now — never other organisations' memberships, invitations or people.
 * null: no access. Applied in SQL (app/moderation/audit-log.repo.server.ts).
 */
export type AuditReadScope = { all: true } | { all: false; orgIds: string[]; readableContent: boolean };

export function auditReadScope(v: Viewer | null): AuditReadScope | null {
  if (isNetworkAdmin(v)) return { all: true };
  const orgIds = moderatedOrgIds(v);
  const readableContent = isNetworkModerator(v);
  return orgIds.length || readableContent ? { all: false, orgIds, readableContent } : null;
}

/** An entry's target as the log sees it now (null when gallrad or gone). */
export type AuditTarget = Scoped & {
  authorId: string | null;
  draft: boolean;
  hiddenAt: Date | string | null;
  deletedAt: Date | string | null;
};

/**
 * Whether an entry may show its target's current title and link: the viewer may read the item
 * now, state included (someone else's draft never; hidden or deleted only for its author and
 * moderators in scope). An item moved out of the viewer's audience loses its title.
 * TODO(readrule): switch to app/policy's readableTarget once it lands.
 */
export function canSeeAuditTarget(v: Viewer | null, t: AuditTarget): boolean {
  if (!canRead(v, t)) return false;
  if (t.draft && t.authorId !== v?.id) return false;
  if ((t.hiddenAt || t.deletedAt) && !canSeeHidden(v, t)) return false;
  return true;
}
