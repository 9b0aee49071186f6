import { canModerate } from "./content";
import type { TargetFacts } from "./targets";
import { canReadTarget } from "./targets";
import type { Scoped, Viewer } from "./types";

// Attachments follow their parent (SQL twin: readableAttachments in readable.ts): whoever may read
// the thread, reply or case may read its live files; hidden ones their uploader and the parent's
// moderators; deleted ones those moderators; redacted ones nobody.

export type AttachmentFacts = {
  uploaderId: string;
  hiddenAt: Date | string | null;
  deletedAt: Date | string | null;
  redactedAt: Date | string | null;
};

/** The scope moderation of a parent is judged in (a reply takes its thread's). */
export function parentScope(f: TargetFacts): Scoped {
  return f.type === "case" ? f.case : f.thread;
}

/** The complete read rule for one attachment; `parent` null means a pending upload. */
export function canReadAttachment(v: Viewer | null, parent: TargetFacts | null, a: AttachmentFacts): boolean {
  if (a.redactedAt) return false;
  const uploader = Boolean(v && v.id === a.uploaderId);
  if (!parent) return uploader;
  if (!canReadTarget(v, parent)) return false;
  const mod = canModerate(v, parentScope(parent));
  if (a.deletedAt && !mod) return false;
  return !a.hiddenAt || mod || uploader;
}

/** Hide, unhide and redact one file: the parent's moderators in scope. */
export function canModerateAttachment(v: Viewer | null, parent: TargetFacts): boolean {
  return canReadTarget(v, parent) && canModerate(v, parentScope(parent));
}

/** Soft-delete one file: its uploader while they can read it, or the parent's moderators. */
export function canDeleteAttachment(v: Viewer | null, parent: TargetFacts | null, a: AttachmentFacts): boolean {
  if (!canReadAttachment(v, parent, a)) return false;
  if (v && v.id === a.uploaderId) return true;
  return parent !== null && canModerateAttachment(v, parent);
}

/**
 * Files an export copies out with a parent the viewer may read (case exports): live ones; hidden
 * ones only for the parent's moderators (never for their uploader, whose copy would travel on);
 * soft-deleted ones never. The rows have already passed readableAttachments.
 */
export function isExportedAttachment(v: Viewer | null, parent: Scoped, a: { hidden: boolean; deleted: boolean }): boolean {
  if (a.deleted) return false;
  return !a.hidden || canModerate(v, parent);
}
