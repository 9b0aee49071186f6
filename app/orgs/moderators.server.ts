import type { DomainCtx } from "../lib/ctx.server";
import { networkModeratorRows, orgModeratorRows } from "./moderators.repo.server";

export type ModeratorRef = { name: string; handle: string; role: "moderator" | "admin"; org: string | null };

/** Signed-in members: who moderates their organisations and the network (names and profiles, no addresses). */
export async function moderatorsFor(ctx: DomainCtx): Promise<{ org: ModeratorRef[]; network: ModeratorRef[] }> {
  if (!ctx.viewer) return { org: [], network: [] };
  const [org, network] = await Promise.all([orgModeratorRows(ctx.db, ctx.viewer.memberships.map((m) => m.orgId)), networkModeratorRows(ctx.db)]);
  return {
    org: org.map((r) => ({ name: r.name, handle: r.handle, role: r.role === "admin" ? "admin" : "moderator", org: r.org_name })),
    network: network.map((r) => ({ name: r.name, handle: r.handle, role: r.role === "admin" ? "admin" : "moderator", org: null })),
  };
}
