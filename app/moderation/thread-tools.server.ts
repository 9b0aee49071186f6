import type { DomainCtx } from "../lib/ctx.server";
import { listTagsByArea } from "../forum/tags.server";
import { canModerate } from "../policy";
import { readableTarget } from "../policy/targets.server";
import { tagSlugsOf } from "./content.repo.server";
import { fail, itemHref, ok, type Result, type Target } from "./types";

/** A thread a moderator in scope may act on (missing or unreadable: notFound; no scope: forbidden). */
export async function moderatedThread(ctx: Pick<DomainCtx, "db" | "viewer">, id: string): Promise<Result<Target>> {
  const t = await readableTarget(ctx, "thread", id);
  if (!t) return fail("notFound");
  if (!canModerate(ctx.viewer, t)) return fail("forbidden");
  return ok(t);
}

export type PinChoice = { value: string; label: string };
export type PinChoices = {
  thread: { id: string; title: string; href: string; pinnedScope: string | null };
  /** The thread's own tags first (the usual choice), then every live tag by area. */
  own: PinChoice[];
  areas: { area: string; tags: PinChoice[] }[];
};

/**
 * Moderators in scope: where a thread can be pinned — the front page or one live tag, as a
 * list to pick from (the pin action itself refuses anything else).
 */
export async function pinChoices(ctx: DomainCtx, threadId: string, locale: "sv" | "en"): Promise<Result<PinChoices>> {
  const r = await moderatedThread(ctx, threadId);
  if (!r.ok) return r;
  const t = r.value;
  const [areas, ownSlugs] = await Promise.all([listTagsByArea(ctx), tagSlugsOf(ctx.db, t.id)]);
  const label = (x: { nameSv: string; nameEn: string }) => (locale === "en" ? x.nameEn : x.nameSv);
  const all = areas.flatMap((a) => a.tags);
  const own = ownSlugs.map((s) => all.find((x) => x.slug === s)).filter((x) => x !== undefined).map((x) => ({ value: x.slug, label: label(x) }));
  return ok({
    thread: { id: t.id, title: t.title, href: itemHref(t), pinnedScope: t.pinnedScope },
    own,
    areas: areas.map((a) => ({ area: a.area, tags: a.tags.map((x) => ({ value: x.slug, label: label(x) })) })),
  });
}
