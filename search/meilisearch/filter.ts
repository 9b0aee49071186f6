import type { Viewer } from "../../app/policy/types";
import type { SearchFilters } from "../types";

// Filters are built on the server from the viewer's memberships; the browser never talks to
// Meilisearch. Values are quoted (and quotes escaped) so user input cannot change the filter.

const q = (v: string) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
const list = (vs: string[]) => `[${vs.map(q).join(", ")}]`;

/** The same rule as canRead/visibleTo, expressed as a Meilisearch filter. */
export function scopeFilter(viewer: Viewer | null): string {
  // The viewer's organisations (app/policy/roles orgIdsOf; search/ imports no app runtime code).
  const orgs = viewer?.memberships.map((m) => m.orgId) ?? [];
  if (!viewer || orgs.length === 0) return `visibility = "public"`;
  return `(visibility IN ["public", "network"] OR orgId IN ${list(orgs)} OR sharedOrgIds IN ${list(orgs)})`;
}

export function filtersToMeili(f: SearchFilters): string[] {
  const out: string[] = [];
  if (f.kinds.length) out.push(`kind IN ${list(f.kinds)}`);
  for (const t of f.tags) out.push(`tags = ${q(t)}`);
  if (f.orgs.length) out.push(`orgId IN ${list(f.orgs)}`);
  if (f.areas.length) out.push(`areas IN ${list(f.areas)}`);
  if (f.statuses.length) out.push(`status IN ${list(f.statuses)}`);
  if (f.answered === "solved") out.push(`kind = "question" AND solved = true`);
  if (f.answered === "unsolved") out.push(`kind = "question" AND solved = false`);
  if (f.answered === "unanswered") out.push(`kind = "question" AND solved = false AND replyCount = 0`);
  if (f.from) out.push(`createdAtTs >= ${Math.floor(f.from.getTime() / 1000)}`);
  if (f.to) out.push(`createdAtTs < ${Math.floor(f.to.getTime() / 1000) + 86400}`);
  return out;
}
