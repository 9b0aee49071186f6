import type { FlagReason, FlagStatus, NoticeKind, TargetType } from "../../db/types/moderation";
import type { TargetFacts, Visibility } from "../policy";

export type { FlagReason, FlagStatus, NoticeKind, TargetType };
export const TARGET_TYPES: readonly TargetType[] = ["thread", "post", "case"];
export const FLAG_REASONS: readonly FlagReason[] = ["personal_data", "inappropriate", "spam", "off_topic", "other"];

/** A thread, post or case as moderation sees it (posts take their thread's scope). */
export type Target = {
  type: TargetType;
  id: string;
  threadId: string | null;
  /** A reply's number in its thread (its #p anchor). */
  postNumber: number | null;
  orgId: string;
  orgName: string;
  visibility: Visibility;
  sharedOrgIds: string[];
  authorId: string | null;
  authorName: string;
  title: string;
  body: string;
  createdAt: Date;
  hiddenAt: Date | null;
  hiddenReason: string | null;
  lockedAt: Date | null;
  pinnedScope: string | null;
  outdatedNote: string | null;
  deletedAt: Date | null;
  reviewBy: Date | null;
  /** An unpublished case draft. */
  draft: boolean;
  /** What the complete read rule needs (canReadTarget): the item's state, its thread's, its case's. */
  facts: TargetFacts;
};

export type ModError = "notFound" | "forbidden" | "duplicate" | "invalid" | "notApplicable";
/** `key`: a more precise catalogue key for the form (a file the edit could not attach). */
export type Result<T = undefined> = { ok: true; value: T } | { ok: false; error: ModError; key?: string };
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: ModError): { ok: false; error: ModError } => ({ ok: false, error });

/** Where an item lives in the app (the item in context). */
export function itemHref(t: { type: TargetType; id: string; threadId: string | null; postNumber?: number | null }): string {
  if (t.type === "case") return `/cases/${t.id}`;
  if (t.type === "post") return `/t/${t.threadId}${t.postNumber ? `#p${t.postNumber}` : ""}`;
  return `/t/${t.id}`;
}

/** A case's free-text columns: what a moderator may edit and what redaction scrubs. */
export const CASE_TEXT_FIELDS = [
  "title", "summary", "problem", "approach", "outcomes", "lessons", "department", "suppliers", "tool",
  "evaluation_method", "info_classification", "human_oversight", "data_used", "reuse_needs", "functional_mailbox",
] as const;
export type CaseTextField = (typeof CASE_TEXT_FIELDS)[number];
