import type { DomainCtx } from "../lib/ctx.server";
import { canModerate } from "../policy";
import { readableTarget } from "../policy/targets.server";
import { caseText } from "../cases/moderation-state.server";
import { itemHref, type TargetType } from "./types";

/** Moderators in scope: the item's current text, for the edit-with-a-reason form. */
export async function itemForEdit(ctx: Pick<DomainCtx, "db" | "viewer">, type: TargetType, id: string) {
  const t = await readableTarget(ctx, type, id);
  if (!t) return { ok: false as const, error: "notFound" as const };
  if (!canModerate(ctx.viewer, t)) return { ok: false as const, error: "forbidden" as const };
  const summary = t.type === "case" ? await caseText(ctx.db, t.id, "summary") : null;
  return { ok: true as const, value: { type: t.type, id: t.id, title: t.title, body: t.type === "case" ? (summary ?? "") : t.body, href: itemHref(t) } };
}
