import { NOTIFICATION_KINDS, type NotificationKind } from "../notifications/types";

/** How a person wants mail about one kind of notification. */
export const CADENCES = ["immediately", "daily", "weekly", "never"] as const;
export type Cadence = (typeof CADENCES)[number];
export type DigestCadence = "daily" | "weekly";

/** Every notification kind has a mail preference. */
export const MAIL_KINDS: readonly NotificationKind[] = NOTIFICATION_KINDS;

/**
 * Defaults when the person has not chosen (issue 11): things addressed to you personally come at
 * once; what you watch collects in the daily digest; batched votes weekly.
 */
export const MAIL_DEFAULTS: Record<NotificationKind, Cadence> = {
  mention: "immediately",
  answer_accepted: "immediately",
  question_answered: "immediately",
  case_nudge: "immediately",
  moderation: "immediately",
  case_adopted: "immediately",
  invitation_accepted: "daily",
  question_routed: "daily",
  reply: "daily",
  question_solved: "daily",
  new_thread: "daily",
  new_case: "daily",
  case_updated: "daily",
  helpful_vote: "weekly",
  // Only alerts of searches set to "in-app and the digest" go into a digest (app/mail/digest.server.ts).
  saved_search: "daily",
};

export type MailPreferences = Record<NotificationKind, Cadence>;

/** What an unsubscribe token may switch off: one kind, or a whole digest. */
export type UnsubscribeScope = NotificationKind | "digest:daily" | "digest:weekly";

/** The send job's task name and the digest crons. */
export const SEND_TASK = "mail_send";
export const DIGEST_TASK = "mail_digest";
