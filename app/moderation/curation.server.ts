import type { DomainCtx } from "../lib/ctx.server";
import { currentMarks, marksFor } from "./curation.repo.server";

export type BestPracticeItem = {
  type: "thread" | "case";
  id: string;
  href: string;
  title: string;
  note: string;
  curatorName: string;
  markedAt: Date;
  orgName: string;
  area: string | null;
};

const toItem = (r: Awaited<ReturnType<typeof currentMarks>>[number]): BestPracticeItem => ({
  type: r.target_type,
  id: String(r.target_id),
  href: r.target_type === "case" ? `/cases/${r.target_id}` : `/t/${r.target_id}`,
  title: r.title,
  note: r.note,
  curatorName: r.curator_name,
  markedAt: r.marked_at,
  orgName: r.org_name,
  area: r.area,
});

/** Anyone: the `n` latest "Gott exempel" the viewer may read (for the home page). */
export async function featuredBestPractice(ctx: Pick<DomainCtx, "db" | "viewer">, n = 3): Promise<BestPracticeItem[]> {
  return (await currentMarks(ctx.db, ctx.viewer, Math.max(1, Math.min(n, 50)))).map(toItem);
}

/** Anyone: every current "Gott exempel" the viewer may read, grouped by area (null: no area). */
export async function bestPracticeByArea(ctx: Pick<DomainCtx, "db" | "viewer">): Promise<{ area: string | null; items: BestPracticeItem[] }[]> {
  const groups = new Map<string | null, BestPracticeItem[]>();
  for (const item of (await currentMarks(ctx.db, ctx.viewer, 500)).map(toItem)) {
    const list = groups.get(item.area) ?? [];
    list.push(item);
    groups.set(item.area, list);
  }
  return [...groups.entries()]
    .map(([area, items]) => ({ area, items }))
    .sort((a, b) => (a.area === null ? 1 : b.area === null ? -1 : a.area.localeCompare(b.area)));
}

/** Anyone: curator notes of the current marks among the given items (for BestPracticeBadge on lists). */
export async function bestPracticeNotes(ctx: Pick<DomainCtx, "db">, type: "thread" | "case", ids: string[]): Promise<Record<string, string>> {
  const rows = await marksFor(ctx.db, type, ids);
  return Object.fromEntries(rows.map((r) => [String(r.target_id), r.note]));
}
