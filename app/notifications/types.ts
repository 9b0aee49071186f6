export const NOTIFICATION_KINDS = [
  "reply", "question_answered", "answer_accepted", "helpful_vote", "mention", "question_solved",
  "case_adopted", "case_updated", "new_thread", "new_case", "moderation", "invitation_accepted",
  "question_routed", "case_nudge", "saved_search",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One notification to create (the fan-out's output). */
export type NewNotification = {
  userId: string;
  kind: NotificationKind;
  /** Null for notifications that follow no event (saved-search alerts come from a scheduled job). */
  eventId: string | null;
  actorId: string | null;
  threadId?: string | null;
  postId?: string | null;
  caseId?: string | null;
  data?: Record<string, unknown>;
  /** Unique per person: a retried job creates nothing twice; a batched kind reuses its row. */
  dedupeKey: string;
  /** Batched kinds: the row's current count (replaces it, and makes the row unread again). */
  batchCount?: number;
};

/** A notification as the bell and the page show it (after the read check). */
export type NotificationItem = {
  id: string;
  kind: NotificationKind;
  unread: boolean;
  createdAt: string;
  count: number;
  /** False: the reader may no longer read the item; nothing of it (no title) is shown. */
  available: boolean;
  title: string | null;
  href: string | null;
  actorName: string | null;
  data: Record<string, unknown>;
};

/** Consecutive notifications of one kind about one item, shown as one line ("3 new answers in …"). */
export type NotificationGroup = { key: string; kind: NotificationKind; items: NotificationItem[]; unread: number; available: boolean; title: string | null; href: string | null };
