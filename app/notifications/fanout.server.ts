import type { DB } from "../../db/client";
import type { StoredEvent } from "../events/types";
import { insertDefaultWatch, mutedOn, watchersOf } from "../watching/watching.repo.server";
import { canReadNotificationTarget, type NotificationTarget } from "./access.server";
import { caseInfo, orgName, postInfo, questionFollowers, tagIdsOfThread, threadInfo, voteCount } from "./fanout.repo.server";
import { insertNotifications, recipientViewers } from "./notifications.repo.server";
import type { NewNotification, NotificationKind } from "./types";

type Draft = Omit<NewNotification, "eventId" | "actorId" | "dedupeKey"> & { dedupe?: string };

/**
 * The notifications subscriber: turns one event into notifications for the people it concerns,
 * each re-checked against the reader's current rights, never the actor. Idempotent (dedupe keys):
 * a retried job creates nothing twice. Returns who got something new (for the live stream).
 */
export async function fanOut(db: DB, e: StoredEvent, now: Date): Promise<string[]> {
  const drafts = await draftsFor(db, e);
  const wanted = drafts.filter((d) => d.userId !== e.actorId);
  if (!wanted.length) return [];
  const viewers = await recipientViewers(db, [...new Set(wanted.map((d) => d.userId))]);
  const target = await targetOf(db, e);
  const rows: NewNotification[] = [];
  const seen = new Set<string>();
  for (const d of wanted) {
    const key = `${d.userId}:${d.kind}`;
    if (seen.has(key)) continue; // one notification per person and kind for one event
    const v = viewers.get(d.userId) ?? null;
    if (!canReadNotificationTarget(v, target)) continue;
    seen.add(key);
    rows.push({ ...d, eventId: e.id, actorId: e.actorId, dedupeKey: d.dedupe ?? `${d.kind}:${e.id}` });
  }
  return insertNotifications(db, rows, now);
}

async function targetOf(db: DB, e: StoredEvent): Promise<NotificationTarget> {
  const r = e as Record<string, unknown>;
  const threadId = typeof r.threadId === "string" ? r.threadId : null;
  const postId = typeof r.postId === "string" ? r.postId : null;
  const caseId = typeof r.caseId === "string" ? r.caseId : null;
  return {
    thread: threadId ? await threadInfo(db, threadId) : undefined,
    post: postId ? await postInfo(db, postId) : undefined,
    case: caseId ? await caseInfo(db, caseId) : undefined,
    refs: { thread: Boolean(threadId), post: Boolean(postId), case: Boolean(caseId) },
  };
}

const each = (userIds: Iterable<string>, kind: NotificationKind, extra: Omit<Draft, "userId" | "kind"> = {}): Draft[] =>
  [...userIds].map((userId) => ({ userId, kind, ...extra }));

async function draftsFor(db: DB, e: StoredEvent): Promise<Draft[]> {
  switch (e.type) {
    case "reply.posted": {
      const t = await threadInfo(db, e.threadId);
      if (!t) return [];
      const muted = await mutedOn(db, "thread", t.id);
      const tags = await tagIdsOfThread(db, t.id);
      const [threadWatchers, tagWatchers] = await Promise.all([
        watchersOf(db, "thread", [t.id], ["watching"]),
        watchersOf(db, "tag", tags, ["watching"]),
      ]);
      const ref = { threadId: t.id, postId: e.postId };
      const asker = t.kind === "question" && !muted.has(t.authorId) ? each([t.authorId], "question_answered", ref) : [];
      const watchers = [...threadWatchers, ...tagWatchers.filter((w) => !w.first_post_only)].map((w) => w.user_id).filter((u) => !muted.has(u));
      return [...asker, ...each(watchers.filter((u) => !asker.some((a) => a.userId === u)), "reply", ref)];
    }
    case "answer.accepted": {
      const [t, p] = await Promise.all([threadInfo(db, e.threadId), postInfo(db, e.postId)]);
      if (!t || !p) return [];
      const ref = { threadId: t.id, postId: p.id };
      const muted = await mutedOn(db, "thread", t.id);
      const followers = [...(await questionFollowers(db, t.id)), t.authorId].filter((u) => u !== p.authorId && !muted.has(u));
      // Once per answer and once per question: changing the accepted answer back and forth tells nobody twice.
      return [
        ...each([p.authorId], "answer_accepted", { ...ref, dedupe: `answer_accepted:${p.id}` }),
        ...each(followers, "question_solved", { ...ref, dedupe: `question_solved:${t.id}` }),
      ];
    }
    case "post.voted": {
      const p = await postInfo(db, e.postId);
      if (!p) return [];
      const count = await voteCount(db, p.id);
      if (count === 0) return [];
      return [{ userId: p.authorId, kind: "helpful_vote", threadId: p.threadId, postId: p.id, batchCount: count, data: { count }, dedupe: `helpful:${p.id}` }];
    }
    case "mention":
      return each(e.userIds, "mention", { threadId: e.threadId, postId: e.postId, dedupe: `mention:${e.postId ?? `t${e.threadId}`}` });
    case "thread.created": {
      const t = await threadInfo(db, e.threadId);
      if (!t) return [];
      const tags = await tagIdsOfThread(db, t.id);
      const [byTag, byOrg] = await Promise.all([watchersOf(db, "tag", tags, ["watching"]), watchersOf(db, "org", [t.orgId], ["watching"])]);
      return each(new Set([...byTag, ...byOrg].map((w) => w.user_id)), "new_thread", { threadId: t.id });
    }
    case "case.published": {
      const byOrg = await watchersOf(db, "org", [e.orgId], ["watching"]);
      return each(new Set(byOrg.map((w) => w.user_id)), "new_case", { caseId: e.caseId });
    }
    case "case.updated": {
      const w = await watchersOf(db, "case", [e.caseId], ["watching", "tracking"]);
      return each(w.map((x) => x.user_id), "case_updated", { caseId: e.caseId, data: { changes: e.changes } });
    }
    case "adoption.recorded": {
      const c = await caseInfo(db, e.caseId);
      if (!c) return [];
      // Tracking is the default for a case you adopted (a choice made earlier stands).
      if (e.actorId) await insertDefaultWatch(db, e.actorId, "case", c.id, "tracking");
      const org = await orgName(db, e.orgId);
      const owners = new Set([c.createdBy, ...(c.contactUserId ? [c.contactUserId] : [])]);
      return each(owners, "case_adopted", { caseId: c.id, data: { orgName: org?.name ?? "", orgSlug: org?.slug ?? "" } });
    }
    case "moderation.decided":
      return [{ userId: e.userId, kind: "moderation", threadId: e.threadId ?? null, caseId: e.caseId ?? null, data: { noticeKind: e.kind, targetType: e.targetType } }];
    case "question.routed":
      // Once per person and question, whatever reruns (the routing ledger is the first guard).
      return each(e.userIds, "question_routed", { threadId: e.threadId, dedupe: `question_routed:${e.threadId}` });
    case "case.nudged":
      return each(e.userIds, "case_nudge", { caseId: e.caseId, dedupe: `case_nudge:${e.key}`, data: { reason: e.reason, anchor: e.anchor, orgName: e.orgName ?? "" } });
    case "invitation.accepted": {
      const org = await orgName(db, e.orgId);
      return each([e.invitedBy], "invitation_accepted", { data: { orgName: org?.name ?? "", orgSlug: org?.slug ?? "" } });
    }
  }
}
