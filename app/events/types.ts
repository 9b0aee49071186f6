// Domain events: what happened, in the words of the domain. Each write that others may react to
// records one in its own transaction (recordEvent); subscribers (notifications, mail) act on it
// later, in a job, and re-check every reader's rights when they deliver.

type Base = { actorId: string | null };

export type DomainEvent = Base &
  (
    | { type: "thread.created"; threadId: string; orgId: string }
    | { type: "reply.posted"; threadId: string; postId: string }
    | { type: "answer.accepted"; threadId: string; postId: string }
    | { type: "post.voted"; threadId: string; postId: string }
    | { type: "mention"; threadId: string; postId: string | null; userIds: string[] }
    | { type: "case.published"; caseId: string; orgId: string }
    | { type: "case.updated"; caseId: string; orgId: string; changes: string[] }
    | { type: "adoption.recorded"; caseId: string; orgId: string }
    | { type: "moderation.decided"; userId: string; targetType: string; targetId: string; kind: string; threadId?: string | null; caseId?: string | null }
    | { type: "invitation.accepted"; orgId: string; invitedBy: string }
    /** An unanswered question sent to people with expertise in its tags (app/routing). */
    | { type: "question.routed"; threadId: string; userIds: string[] }
    /** A case owner reminded to update a case (app/cases/nudges.server.ts); `key` is the nudge's dedupe key. */
    | { type: "case.nudged"; caseId: string; orgId: string; userIds: string[]; reason: "review" | "pilot" | "outcome"; key: string; anchor: string; orgName?: string }
  );

export type EventType = DomainEvent["type"];

/** An event as stored (its id is the live stream's cursor). */
export type StoredEvent = DomainEvent & { id: string; createdAt: Date };

/** The job that dispatches one event to its subscribers. */
export const DISPATCH_TASK = "domain_event";
/** The PostgreSQL NOTIFY channel of the live stream (SSE). */
export const LIVE_CHANNEL = "allmanning_live";
