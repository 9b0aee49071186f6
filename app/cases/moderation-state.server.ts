import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import { recordSearchChange } from "../../search/outbox";
import { dropAttachmentsOf } from "../attachments/attachments.server";
import { disposeForumItem } from "../forum/moderation-state.server";
import * as repo from "./moderation.repo.server";

// What moderation may change on a case, as the cases capability's own functions: moderation
// decides who may act and logs it; these keep the case's rules (snapshots, its discussion thread,
// its search documents) in one home. Each runs inside the caller's transaction.

type Trx = Transaction<Database> | Kysely<Database>;

/** Moderators in scope: hides a case with a reason, or restores it; its discussion follows (search). */
export async function setCaseHidden(trx: Trx, id: string, h: { at: Date; by: string; reason: string } | null) {
  await repo.setCaseHidden(trx, id, h);
  await recordSearchChange(trx, "case", id, "upsert");
}

/** Moderators in scope: marks a case as outdated (a note readers see), or clears it. */
export async function setCaseOutdated(trx: Trx, id: string, note: string | null) {
  await repo.setCaseOutdated(trx, id, note);
  await recordSearchChange(trx, "case", id, "upsert");
}

/** A case's current text in one column (`field` from the caller's fixed list), or null when missing. */
export async function caseText(trx: Trx, id: string, field: string): Promise<string | null> {
  return (await repo.caseTexts(trx, id, [field]))?.[field] ?? null;
}

/** Moderators in scope: replaces one text column of a case. */
export async function editCaseText(trx: Trx, id: string, field: string, text: string, at: Date) {
  await repo.setCaseText(trx, id, field, text, at);
  await recordSearchChange(trx, "case", id, "upsert");
}

/**
 * Moderators in scope: replaces `needle` with `mark` in the given text columns of a case and in
 * every stored snapshot of it. Returns the columns and the number of snapshots changed.
 */
export async function redactCase(trx: Trx, id: string, columns: readonly string[], needle: string, mark: string) {
  const r = await repo.caseTexts(trx, id, columns);
  if (!r) return { fields: [] as string[], revisions: 0 };
  const fields = columns.filter((f) => typeof r[f] === "string" && r[f].includes(needle));
  for (const f of fields) await repo.replaceInCaseColumn(trx, id, f, needle, mark);
  // Snapshots are JSON: replace the JSON-escaped form of the text.
  const revisions = await repo.replaceInSnapshots(trx, id, JSON.stringify(needle).slice(1, -1), JSON.stringify(mark).slice(1, -1));
  if (fields.length || revisions) await recordSearchChange(trx, "case", id, "upsert");
  return { fields, revisions };
}

/**
 * Network admins, under a disposal decision (gallring): the only hard delete of a case. Its
 * discussion thread exists only for the case (its title names it), so it goes too, with its
 * replies; the attachment rows of all of them go in the same transaction. Returns the discussion
 * thread's id, its reply count and the blob hashes to check after the commit.
 */
export async function disposeCase(trx: Trx, id: string): Promise<{ discussionId: string | null; replies: number; blobHashes: string[] }> {
  const discussionId = await repo.discussionThreadId(trx, id);
  await repo.deleteCaseRow(trx, id);
  const own = await dropAttachmentsOf(trx, [{ type: "case", ids: [id] }]);
  const thread = discussionId ? await disposeForumItem(trx, { type: "thread", id: discussionId }) : { replies: [], blobHashes: [] };
  await recordSearchChange(trx, "case", id, "delete");
  return { discussionId, replies: thread.replies.length, blobHashes: [...new Set([...own, ...thread.blobHashes])] };
}
