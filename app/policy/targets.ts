import { canReadCase, type CaseScope } from "./cases";
import { canReadPost, canReadThread, type PostFacts, type ThreadFacts } from "./forum";
import type { Viewer } from "./types";

/** What the read rule needs to know about a polymorphic reference (flag, notice, audit row). */
export type TargetFacts =
  | { type: "thread"; thread: ThreadFacts }
  | { type: "post"; thread: ThreadFacts; post: PostFacts }
  | { type: "case"; case: CaseScope };

/** One rule for every polymorphic reference: the item's own complete read rule. */
export function canReadTarget(v: Viewer | null, f: TargetFacts): boolean {
  if (f.type === "thread") return canReadThread(v, f.thread);
  if (f.type === "post") return canReadPost(v, f.thread, f.post);
  return canReadCase(v, f.case);
}

/** Tags are network-wide: every live (not merged) tag is readable by anyone. */
export const canReadTag = (t: { mergedIntoId: string | null }) => t.mergedIntoId === null;
