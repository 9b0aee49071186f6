import { json } from "@remix-run/node";
import type { DomainCtx } from "../lib/ctx.server";
import { forbidden } from "../lib/http.server";
import { moderatorsFor } from "../orgs/moderators.server";
import { canUseModeration } from "../policy";

/**
 * A signed-in member (not a moderator) on a moderation page: 403 with what the page explains (who moderates, how
 * to reach them) instead of a bare error.
 */
export async function notModerator(ctx: DomainCtx): Promise<never> {
  // A moderator refused a page above their role (gallring) gets the plain answer.
  if (canUseModeration(ctx.viewer)) forbidden();
  throw json({ message: "notModerator", moderators: await moderatorsFor(ctx) }, { status: 403 });
}
