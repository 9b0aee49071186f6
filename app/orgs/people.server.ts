import type { DomainCtx } from "../lib/ctx.server";
import { updateLocale } from "./people.repo.server";

/** Signed-in person: stores their interface language. */
export async function setPreferredLocale(ctx: DomainCtx, locale: "sv" | "en") {
  if (!ctx.viewer) return;
  await updateLocale(ctx.db, ctx.viewer.id, locale);
}
