import { canModerate } from "./content";
import { hasOrgRole, isNetworkAdmin, isNetworkModerator } from "./roles";
import { canRead } from "./visibility";
import type { Scoped, Viewer } from "./types";

// Moderation permissions. `canModerate` (content.ts) decides who acts on an item; these
// decide who flags, who sees the queue and the log, and who may dispose (gallring).

/** Any signed-in member who can read the item may flag it. */
export const canFlag = (v: Viewer | null, item: Scoped) => Boolean(v && v.memberships.length > 0 && canRead(v, item));

/** Organisations whose content the viewer moderates as an organisation moderator or admin. */
export const moderatedOrgIds = (v: Viewer | null): string[] =>
  v ? v.memberships.filter((m) => hasOrgRole(v, m.orgId, "moderator")).map((m) => m.orgId) : [];

/** The review queue, the content-health queue and the audit log: moderators and admins only. */
export const canUseModeration = (v: Viewer | null) => isNetworkModerator(v) || moderatedOrgIds(v).length > 0;

/** Best-practice curation follows moderation scope. */
export const canCurate = (v: Viewer | null, item: Scoped) => canModerate(v, item);

/** Hidden or soft-deleted content stays readable to its author and moderators in scope. */
export const canSeeHidden = (v: Viewer | null, item: Scoped & { authorId?: string | null }) =>
  Boolean(v && ((item.authorId && item.authorId === v.id && canRead(v, item)) || canModerate(v, item)));

/** Gallring (the only hard delete, under a disposal decision): network admins only. */
export const canDispose = (v: Viewer | null) => isNetworkAdmin(v);

/**
 * Urgent personal data (docs/decisions/2026-12-07-network-moderators-personal-data.md): network
 * moderators may handle an item with an OPEN personal-data flag in any organisation, even one
 * whose audience they are not in — and only that: no other flag reason, no other role, nothing
 * once the flag is closed. Every such access is written to the audit log by the caller.
 */
export const canHandlePersonalDataFlag = (v: Viewer | null, openPersonalDataFlag: boolean) =>
  Boolean(v && openPersonalDataFlag && isNetworkModerator(v));

/** What a network moderator may do under that rule: take the data out of sight, or close the flag. */
export const PERSONAL_DATA_INTENTS = ["hide", "redact", "edit", "dismiss"] as const;

/** Whether this access is the exception (not ordinary moderation scope): then it must be logged. */
export const isPersonalDataException = (v: Viewer | null, item: Scoped, openPersonalDataFlag: boolean) =>
  !canModerate(v, item) && canHandlePersonalDataFlag(v, openPersonalDataFlag);
