import type { DB } from "../../db/client";
import type { Viewer } from "../policy";
import { sortByName } from "../lib/i18n/format";
import { listOrganisationsWithCounts } from "./orgs.repo.server";
import type { OrganisationSummary } from "./types";

export type Ctx = { db: DB; viewer: Viewer | null; now?: Date };

/** Anyone: the network's organisations, sorted by Swedish collation, with member counts. */
export async function listOrganisations(ctx: Ctx): Promise<OrganisationSummary[]> {
  const rows = await listOrganisationsWithCounts(ctx.db);
  return sortByName(
    rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, kind: r.kind, description: r.description, memberCount: Number(r.members) })),
  );
}
