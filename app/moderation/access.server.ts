import type { DomainCtx } from "../lib/ctx.server";
import { canModerate, canRead, canSeeHidden } from "../policy";
import { caseText } from "../cases/moderation-state.server";
import { findTarget } from "./content.repo.server";
import { itemHref, type Target, type TargetType } from "./types";

/**
 * The item as the viewer may see it: unreadable, missing, someone else's draft, or hidden and
 * deleted items (except for their author and moderators in scope) all come back as null.
 */
export async function visibleTarget(ctx: Pick<DomainCtx, "db" | "viewer">, type: TargetType, id: string): Promise<Target | null> {
  const t = await findTarget(ctx.db, type, id);
  if (!t || !canRead(ctx.viewer, t)) return null;
  if (t.draft && t.authorId !== ctx.viewer?.id) return null;
  if ((t.hiddenAt || t.deletedAt) && !canSeeHidden(ctx.viewer, t)) return null;
  return t;
}

/** Moderators in scope: the item's current text, for the edit-with-a-reason form. */
export async function itemForEdit(ctx: Pick<DomainCtx, "db" | "viewer">, type: TargetType, id: string) {
  const t = await visibleTarget(ctx, type, id);
  if (!t) return { ok: false as const, error: "notFound" as const };
  if (!canModerate(ctx.viewer, t)) return { ok: false as const, error: "forbidden" as const };
  const summary = t.type === "case" ? await caseText(ctx.db, t.id, "summary") : null;
  return { ok: true as const, value: { type: t.type, id: t.id, title: t.title, body: t.type === "case" ? (summary ?? "") : t.body, href: itemHref(t) } };
}
