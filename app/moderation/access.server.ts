import type { DomainCtx } from "../lib/ctx.server";
import { canRead, canSeeHidden } from "../policy";
import { findTarget } from "./content.repo.server";
import type { Target, TargetType } from "./types";

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
