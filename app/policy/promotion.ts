import { canReadThread, type PostFacts, type ThreadFacts } from "./forum";
import type { Viewer } from "./types";

/**
 * Promoting a question to a case draft copies its text and its accepted answer's, so both must be
 * readable by the promoter and live: the thread readable in full, neither hidden nor removed, a
 * question, and an accepted answer that is neither hidden nor removed. "notFound" looks exactly
 * like a missing thread.
 */
export function promotionCheck(v: Viewer | null, t: ThreadFacts | null, answer: PostFacts | null): "ok" | "notFound" | "notSolved" {
  if (!t || !canReadThread(v, t) || t.hiddenAt || t.deletedAt) return "notFound";
  if (t.kind !== "question" || !answer || answer.hiddenAt || answer.deletedAt) return "notSolved";
  return "ok";
}
