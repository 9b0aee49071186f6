import type { Transaction } from "kysely";
import type { Database } from "../../db/types";
import { AttachFailed, attachErrorKey, removeBlobsIfUnused, reviseAttachments, type AttachInput } from "../attachments/attachments.server";
import * as caseState from "../cases/moderation-state.server";
import * as forumState from "../forum/moderation-state.server";
import { recordEvent } from "../events/events.server";
import type { DomainCtx } from "../lib/ctx.server";
import { canDispose, canModerate, isPersonalDataException, PERSONAL_DATA_INTENTS, type Viewer } from "../policy";
import { logPersonalDataAccess } from "./personal-data.server";
import { readableTarget } from "../policy/targets.server";
import { recordAudit } from "./audit.server";
import type { ContentVerb } from "./audit-actions";
import * as content from "./content.repo.server";
import { closeOpenFlags, hasOpenPersonalDataFlag } from "./flags.repo.server";
import { currentMark, endMark, insertMark } from "./curation.repo.server";
import { insertNotice, markReviewRequested } from "./notices.repo.server";
import type { ModAction } from "./schemas";
import { CASE_TEXT_FIELDS, fail, ok, type Result, type Target } from "./types";

type Trx = Transaction<Database>;
type Done = Result<{ notice: string }>;
/** The files of a moderator's edit form: those kept, new uploads and titles. */
export type EditFiles = AttachInput & { keep: string[] };
type Handler<A> = (trx: Trx, c: { ctx: DomainCtx; v: Viewer; t: Target; files?: EditFiles }, a: A) => Promise<Done>;
type Of<I extends ModAction["intent"]> = Extract<ModAction, { intent: I }>;

/** The text that replaces redacted personal data, everywhere it was stored. */
export const REDACTION_MARK = "[borttaget av moderator]";

const done = (notice: string) => ok({ notice });
/** Rolls a transaction back with a refusal as its answer. */
class Refused extends Error {
  constructor(readonly result: Done) { super("refused"); }
}

async function audit(trx: Trx, c: { v: Viewer; t: Target }, action: ContentVerb, reason = "", details: Record<string, unknown> = {}) {
  await recordAudit(trx, {
    actorId: c.v.id, action: `${c.t.type}.${action}`, targetType: c.t.type, targetId: c.t.id, orgId: c.t.orgId,
    reason, details,
  });
}

async function notifyAuthor(trx: Trx, c: { ctx: DomainCtx; t: Target }, kind: "hidden" | "restored" | "edited" | "redacted" | "locked", reason: string) {
  if (c.t.authorId) await insertNotice(trx, { userId: c.t.authorId, type: c.t.type, id: c.t.id, kind, reason, at: c.ctx.now });
  if (c.t.authorId) await recordEvent(trx, { type: "moderation.decided", actorId: null, userId: c.t.authorId, targetType: c.t.type, targetId: c.t.id, kind, threadId: c.t.threadId ?? (c.t.type === "thread" ? c.t.id : null), caseId: c.t.type === "case" ? c.t.id : null });
}

// Moderation decides who may act and logs it; the forum and the cases capability change their
// own rows (and their search documents) through their own functions.
const setHidden = (trx: Trx, t: Target, h: { at: Date; by: string; reason: string } | null) =>
  t.type === "case" ? caseState.setCaseHidden(trx, t.id, h) : forumState.setForumHidden(trx, { type: t.type, id: t.id }, h);
const setOutdated = (trx: Trx, t: Target, note: string | null) =>
  t.type === "case" ? caseState.setCaseOutdated(trx, t.id, note) : forumState.setThreadOutdated(trx, t.id, note);

const hide: Handler<Of<"hide">> = async (trx, c, a) => {
  if (c.t.hiddenAt) return fail("notApplicable");
  await setHidden(trx, c.t, { at: c.ctx.now, by: c.v.id, reason: a.reason });
  const flags = await closeOpenFlags(trx, c.t.type, c.t.id, "actioned", c.v.id, c.ctx.now);
  await notifyAuthor(trx, c, "hidden", a.reason);
  await audit(trx, c, "hide", a.reason, { flagsClosed: flags });
  return done("hidden");
};

const restore: Handler<Of<"restore">> = async (trx, c, a) => {
  if (!c.t.hiddenAt) return fail("notApplicable");
  await setHidden(trx, c.t, null);
  await notifyAuthor(trx, c, "restored", a.reason);
  await audit(trx, c, "restore", a.reason, { hiddenReason: c.t.hiddenReason });
  return done("restored");
};

const lock: Handler<Of<"lock">> = async (trx, c, a) => {
  if (c.t.type !== "thread" || c.t.lockedAt) return fail("notApplicable");
  await forumState.setThreadLocked(trx, c.t.id, c.ctx.now);
  await audit(trx, c, "lock", a.reason);
  return done("locked");
};

const unlock: Handler<Of<"unlock">> = async (trx, c) => {
  if (c.t.type !== "thread" || !c.t.lockedAt) return fail("notApplicable");
  await forumState.setThreadLocked(trx, c.t.id, null);
  await audit(trx, c, "unlock");
  return done("unlocked");
};

const pin: Handler<Of<"pin">> = async (trx, c, a) => {
  if (c.t.type !== "thread") return fail("notApplicable");
  if (a.scope !== "front" && (await content.findTagIds(trx, [a.scope])).length === 0) return fail("invalid");
  await forumState.setThreadPinned(trx, c.t.id, a.scope, c.ctx.now);
  await audit(trx, c, "pin", "", { scope: a.scope, previous: c.t.pinnedScope });
  return done("pinned");
};

const unpin: Handler<Of<"unpin">> = async (trx, c) => {
  if (c.t.type !== "thread" || !c.t.pinnedScope) return fail("notApplicable");
  await forumState.setThreadPinned(trx, c.t.id, null, null);
  await audit(trx, c, "unpin", "", { previous: c.t.pinnedScope });
  return done("unpinned");
};

const retag: Handler<Of<"retag">> = async (trx, c, a) => {
  if (c.t.type !== "thread") return fail("notApplicable");
  const slugs = [...new Set(a.tags.toLowerCase().split(/[\s,]+/).filter(Boolean))];
  const found = await content.findTagIds(trx, slugs);
  if (slugs.length === 0 || slugs.length > 8 || found.length !== slugs.length) return fail("invalid");
  const before = await content.tagSlugsOf(trx, c.t.id);
  await forumState.retagThread(trx, c.t.id, found.map((f) => f.id));
  await audit(trx, c, "retag", a.reason, { from: before, to: found.map((f) => f.slug).sort() });
  return done("retagged");
};

const edit: Handler<Of<"edit">> = async (trx, c, a) => {
  const { t } = c;
  if (t.type === "case") {
    const field = a.field ?? "summary";
    const old = await caseState.caseText(trx, t.id, field);
    if (old === null) return fail("notFound");
    await caseState.editCaseText(trx, t.id, field, a.body, c.ctx.now);
    await content.insertModeratorEdit(trx, { type: t.type, id: t.id, field, oldText: old, newText: a.body, editorId: c.v.id, reason: a.reason });
  } else {
    const title = t.type === "thread" && a.title && a.title !== t.title ? a.title : undefined;
    await forumState.editForumText(trx, { type: t.type, id: t.id, threadId: t.threadId! }, {
      title, oldTitle: t.title, body: a.body, oldBody: t.body, editorId: c.v.id, reason: a.reason, at: c.ctx.now,
    });
  }
  // The edit form's files: unticked ones are detached (kept in the history), new ones attached.
  if (c.files) {
    const r = await reviseAttachments(trx, c.v, { type: t.type, id: t.id }, { keep: c.files.keep, add: c.files, titles: c.files.titles }, null);
    if (!r.ok) throw new AttachFailed(r.code); // rolls the text edit back too
  }
  await notifyAuthor(trx, c, "edited", a.reason);
  await audit(trx, c, "edit", a.reason, t.type === "case" ? { field: a.field ?? "summary" } : {});
  return done("edited");
};

const redact: Handler<Of<"redact">> = async (trx, c, a) => {
  const { t } = c;
  const live = t.type === "case"
    ? await caseState.redactCase(trx, t.id, CASE_TEXT_FIELDS, a.text, REDACTION_MARK)
    : await forumState.redactForumItem(trx, { type: t.type, id: t.id, threadId: t.threadId! }, a.text, REDACTION_MARK, c.ctx.now);
  const fields = live.fields;
  let revisions = live.revisions;
  revisions += await content.redactModeratorEdits(trx, t.type, t.id, a.text, REDACTION_MARK);
  if (fields.length === 0 && revisions === 0) return fail("invalid");
  await content.redactFlagTexts(trx, t.type, t.id, a.text, REDACTION_MARK);
  await trx
    .insertInto("redactions")
    .values({ target_type: t.type, target_id: t.id, redactor_id: c.v.id, reason: a.reason, fields, revisions_touched: revisions, created_at: c.ctx.now })
    .execute();
  await notifyAuthor(trx, c, "redacted", a.reason);
  // Never log the redacted text itself: only which fields and how many revisions changed.
  await audit(trx, c, "redact", a.reason, { fields, revisions });
  return done("redacted");
};

const markBest: Handler<Of<"mark_best">> = async (trx, c, a) => {
  if (c.t.type === "post" || c.t.hiddenAt || c.t.deletedAt || c.t.draft) return fail("notApplicable");
  if (await currentMark(trx, c.t.type, c.t.id)) return fail("duplicate");
  await insertMark(trx, { type: c.t.type, id: c.t.id, curatorId: c.v.id, note: a.note, at: c.ctx.now });
  await audit(trx, c, "mark_best", a.note);
  return done("markedBest");
};

const unmarkBest: Handler<Of<"unmark_best">> = async (trx, c, a) => {
  if (c.t.type === "post") return fail("notApplicable");
  const mark = await currentMark(trx, c.t.type, c.t.id);
  if (!mark) return fail("notApplicable");
  await endMark(trx, mark.id, c.v.id, c.ctx.now);
  await audit(trx, c, "unmark_best", a.reason, { note: mark.note });
  return done("unmarkedBest");
};

const markOutdated: Handler<Of<"mark_outdated">> = async (trx, c, a) => {
  if (c.t.type === "post") return fail("notApplicable");
  await setOutdated(trx, c.t, a.note);
  await audit(trx, c, "mark_outdated", a.note);
  return done("markedOutdated");
};

const clearOutdated: Handler<Of<"clear_outdated">> = async (trx, c) => {
  if (c.t.type === "post" || !c.t.outdatedNote) return fail("notApplicable");
  await setOutdated(trx, c.t, null);
  await audit(trx, c, "clear_outdated", "", { note: c.t.outdatedNote });
  return done("clearedOutdated");
};

const dismiss: Handler<Of<"dismiss">> = async (trx, c, a) => {
  const n = await closeOpenFlags(trx, c.t.type, c.t.id, "dismissed", c.v.id, c.ctx.now);
  if (n === 0) return fail("notApplicable");
  await audit(trx, c, "dismiss_flags", a.reason, { flags: n });
  return done("dismissed");
};

const HANDLERS: { [I in Exclude<ModAction["intent"], "dispose" | "request_review">]: Handler<Of<I>> } = {
  hide, restore, lock, unlock, pin, unpin, retag, edit, redact,
  mark_best: markBest, unmark_best: unmarkBest, mark_outdated: markOutdated, clear_outdated: clearOutdated, dismiss,
};

/**
 * Moderators in scope (canModerate): applies one moderation action, records it in the audit log
 * in the same transaction, and tells the author when their item changed. Authors may only ask
 * for review of their hidden item; gallring is for network admins. Never hard-deletes otherwise.
 */
export async function moderate(ctx: DomainCtx, a: ModAction, opts: { files?: EditFiles } = {}): Promise<Done> {
  const v = ctx.viewer;
  if (!v) return fail("forbidden");
  if (a.intent === "dispose") return dispose(ctx, v, a);
  let t = await readableTarget(ctx, a.targetType, a.targetId);
  // Urgent personal data: a network moderator may act on a flagged item outside their audience (logged).
  let exception = false;
  if ((!t || !canModerate(v, t)) && (PERSONAL_DATA_INTENTS as readonly string[]).includes(a.intent)) {
    const raw = await content.findTarget(ctx.db, a.targetType, a.targetId);
    if (raw && isPersonalDataException(v, raw, await hasOpenPersonalDataFlag(ctx.db, raw.type, raw.id))) {
      t = raw;
      exception = true;
    }
  }
  if (!t) return fail("notFound");
  if (a.intent === "request_review") return requestReview(ctx, v, t, a);
  if (!exception && !canModerate(v, t)) return fail("forbidden");
  const handler = HANDLERS[a.intent] as Handler<ModAction>;
  const files = a.intent === "edit" ? opts.files : undefined;
  const target = t;
  return ctx.db.transaction().execute(async (trx) => {
    if (exception) await logPersonalDataAccess(trx, v, target, { via: "action", intent: a.intent }, ctx.now);
    const r = await handler(trx, { ctx, v, t: target, files }, a);
    // A refused action leaves no trace of the access either.
    if (!r.ok && exception) throw new Refused(r);
    return r;
  }).catch((e: unknown) => {
    if (e instanceof Refused) return e.result;
    if (e instanceof AttachFailed) return { ok: false as const, error: "invalid" as const, key: attachErrorKey(e) };
    throw e;
  });
}

async function requestReview(ctx: DomainCtx, v: Viewer, t: Target, a: Of<"request_review">): Promise<Done> {
  if (t.authorId !== v.id) return fail("forbidden");
  if (!t.hiddenAt) return fail("notApplicable");
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await markReviewRequested(trx, v.id, t.type, t.id, ctx.now))) return fail("duplicate");
    await audit(trx, { v, t }, "review_requested", a.message);
    return done("reviewRequested");
  });
}

/**
 * Gallring — network admins only, under a disposal decision: the one hard delete. Keeps a
 * disposal record and an audit entry (who, when, which decision, the title), removes the item
 * (a thread with its replies) and tells the search index to drop it.
 */
async function dispose(ctx: DomainCtx, v: Viewer, a: Of<"dispose">): Promise<Done> {
  if (!canDispose(v)) return fail("forbidden");
  const t = await content.findTarget(ctx.db, a.targetType, a.targetId);
  if (!t) return fail("notFound");
  const hashes: string[] = [];
  const result = await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("disposals")
      .values({ target_type: t.type, target_id: t.id, org_id: t.orgId, decision_ref: a.decisionRef, title: t.title, disposed_by: v.id, disposed_at: ctx.now })
      .execute();
    await closeOpenFlags(trx, t.type, t.id, "actioned", v.id, ctx.now);
    // A case takes its discussion thread along (its title names the case).
    const gone = t.type === "case"
      ? await caseState.disposeCase(trx, t.id)
      : await forumState.disposeForumItem(trx, { type: t.type, id: t.id }).then((r) => ({ discussionId: null, replies: r.replies.length, blobHashes: r.blobHashes }));
    hashes.push(...gone.blobHashes);
    // The item is gone: the log keeps what it was (title, author, date) under the decision.
    await audit(trx, { v, t }, "gallring", a.decisionRef, {
      decisionRef: a.decisionRef, title: t.title, authorId: t.authorId, replies: gone.replies, createdAt: t.createdAt,
      ...(gone.discussionId ? { discussionThreadId: gone.discussionId } : {}),
    });
    return done("disposed");
  });
  // Committed: the files' bytes go for real, unless another record still names the same content.
  await removeBlobsIfUnused(ctx.db, hashes);
  return result;
}
