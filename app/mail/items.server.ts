import type { DB } from "../../db/client";
import { canReadNotificationTarget, type NotificationTarget } from "../notifications/access.server";
import { caseInfo, threadInfo } from "../notifications/fanout.repo.server";
import type { Viewer } from "../policy";

export type ItemRef = { type: "thread" | "case"; id: string };

/**
 * The read rule for digest items (threads and cases): facts are loaded once per item and cached
 * for the run; each reader is then asked app/policy through canReadNotificationTarget.
 */
export function readChecker(db: DB) {
  const facts = new Map<string, Promise<NotificationTarget>>();
  const target = (r: ItemRef) => {
    const key = `${r.type}:${r.id}`;
    let f = facts.get(key);
    if (!f) {
      f = r.type === "thread"
        ? threadInfo(db, r.id).then((thread) => ({ thread, post: undefined, case: undefined, refs: { thread: true, post: false, case: false } }))
        : caseInfo(db, r.id).then((c) => ({ thread: undefined, post: undefined, case: c, refs: { thread: false, post: false, case: true } }));
      facts.set(key, f);
    }
    return f;
  };
  return async (viewer: Viewer | null, r: ItemRef) => canReadNotificationTarget(viewer, await target(r));
}
