// Every action the app writes to the audit log, in one list. recordAudit (audit.server.ts) only
// takes these, so a new action must be added here; tests/unit/audit-actions.test.ts then fails
// until it has a Swedish and an English name in the modtools catalogue (`audit.*`). The log page
// shows those names, never `post.flag`; a row written before an action was renamed falls back
// to a readable form (readableAction).

/** What moderators and authors do to a thread, reply or case: logged as `<type>.<verb>`. */
export const CONTENT_VERBS = [
  "flag", "hide", "restore", "lock", "unlock", "pin", "unpin", "retag", "edit", "redact",
  "mark_best", "unmark_best", "mark_outdated", "clear_outdated", "dismiss_flags", "review_requested", "gallring",
  "attachment_hide", "attachment_restore", "attachment_redact", "attachment_delete",
  "move", "merge", "personal_data_access", "undo_delete",
] as const;
export type ContentVerb = (typeof CONTENT_VERBS)[number];
export const CONTENT_TYPES = ["thread", "post", "case"] as const;

/** Everything else: memberships, organisations, people, tokens, SSO, SCIM, search, archive. */
export const OTHER_ACTIONS = [
  "membership.joined_by_domain", "membership.role_changed", "membership.removed",
  "invitation.created", "invitation.revoked", "invitation.accepted",
  "org.created", "org.updated",
  "user.network_role_changed", "user.deactivated", "user.reactivated",
  "user.erasure_requested", "user.erasure_withdrawn", "user.anonymised",
  "api.token_created", "api.token_revoked",
  "search.synonyms_added", "search.synonyms_removed",
  "scim.token_created", "scim.token_revoked", "scim.role_applied", "scim.group_created", "scim.group_updated",
  "scim.group_deleted", "scim.user_linked", "scim.user_created", "scim.user_deactivated", "scim.user_reactivated",
  "scim.user_updated",
  "sso.provider_created", "sso.provider_updated", "sso.provider_removed", "sso.required_on", "sso.required_off",
  "sso.linked", "sso.provisioned", "sso.role_applied",
  "webhook.created", "webhook.deleted", "webhook.private_addresses",
  "archive.exported",
] as const;

export type AuditAction = `${(typeof CONTENT_TYPES)[number]}.${ContentVerb}` | (typeof OTHER_ACTIONS)[number];

export const AUDIT_ACTIONS: readonly AuditAction[] = [
  ...CONTENT_TYPES.flatMap((type) => CONTENT_VERBS.map((verb) => `${type}.${verb}` as AuditAction)),
  ...OTHER_ACTIONS,
];

const CONTENT = new Set<string>(CONTENT_TYPES);
const VERBS = new Set<string>(CONTENT_VERBS);
const OTHERS = new Set<string>(OTHER_ACTIONS);

/**
 * The catalogue key naming an action (modtools namespace), or null for an action this version
 * does not know. Content actions share one name per verb (the log's "Gäller" column says which
 * kind of item); `a.b` becomes the nested key `audit.other.a.b`.
 */
export function auditActionKey(action: string): string | null {
  const [prefix, verb, ...rest] = action.split(".");
  if (rest.length === 0 && CONTENT.has(prefix) && VERBS.has(verb)) return `modtools:audit.content.${verb}`;
  if (OTHERS.has(action)) return `modtools:audit.other.${action}`;
  return null;
}

/** An unknown action as words: "case.some_thing" → "Case: some thing" (never the raw code alone). */
export function readableAction(action: string): string {
  const words = action.split(".").map((p) => p.replace(/[_-]+/g, " ").trim()).filter(Boolean);
  if (words.length === 0) return "—";
  const [first, ...rest] = words;
  const head = first.charAt(0).toUpperCase() + first.slice(1);
  return rest.length ? `${head}: ${rest.join(", ")}` : head;
}

/** The name to show for an action: the translation, or the readable fallback. */
export function auditActionLabel(t: (key: string) => string, action: string): string {
  const key = auditActionKey(action);
  return key ? t(key) : readableAction(action);
}
