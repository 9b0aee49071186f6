import type { DomainCtx } from "../lib/ctx.server";
import { findTargets } from "../moderation/content.repo.server";
import type { Target, TargetType } from "../moderation/types";
import { canReadTarget } from "./targets";

// The resolver for polymorphic references (flags, notices, audit entries, later notifications):
// it hands out an item only when the item's own complete read rule admits the viewer. Anything
// else — missing, unreadable, hidden, deleted, in a hidden thread, a hidden case's discussion —
// is null, which callers answer exactly like "not found".

type Ctx = Pick<DomainCtx, "db" | "viewer">;

/** Anyone: the item if the viewer may read it, else null. */
export async function readableTarget(ctx: Ctx, type: TargetType, id: string): Promise<Target | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  return (await readableTargets(ctx, type, [id]))[0] ?? null;
}

/** Anyone: the readable ones among many items of one type (unreadable ones are left out). */
export async function readableTargets(ctx: Ctx, type: TargetType, ids: string[]): Promise<Target[]> {
  const valid = ids.filter((id) => /^\d{1,18}$/.test(id));
  const rows = await findTargets(ctx.db, type, valid);
  return rows.filter((t) => canReadTarget(ctx.viewer, t.facts));
}
