import { writeTransaction } from "../lib/transaction.server";
import type { DomainCtx } from "../lib/ctx.server";
import { canCreateContent, canReadCase, canReadThread } from "../policy";
import { watchFormSchema } from "./schemas";
import type { Watch, WatchLevel, WatchTarget } from "./types";
import { caseInfo, threadInfo } from "../notifications/fanout.repo.server";
import { findWatch, moveThreadWatches, targetExists, threadWatchRows, upsertWatch, watchRowsOf, type WatchRow } from "./watching.repo.server";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";

export type WatchResult = { ok: true } | { ok: false; errors: Record<string, string> };

const threadOf = (r: WatchRow) =>
  r.t_id
    ? { orgId: r.t_org_id!, visibility: r.t_visibility!, sharedOrgIds: r.t_shared ?? [], authorId: r.t_author_id!, kind: r.t_kind!, hiddenAt: r.t_hidden_at, deletedAt: r.t_deleted_at, lockedAt: r.t_locked_at }
    : null;
const caseOf = (r: WatchRow) =>
  r.c_id ? { orgId: r.c_org_id!, visibility: r.c_visibility!, sharedOrgIds: r.c_shared ?? [], state: r.c_state!, hiddenAt: r.c_hidden_at, deletedAt: r.c_deleted_at } : null;

// Whether the viewer may read a target (threads and cases by their read rule; tags and
// organisations are public). Watching what you cannot read is refused like "not found".
async function mayWatch(ctx: DomainCtx, type: WatchTarget, id: string): Promise<boolean> {
  if (type === "thread") {
    const t = await threadInfo(ctx.db, id);
    return Boolean(t && !t.deletedAt && canReadThread(ctx.viewer, t));
  }
  if (type === "case") {
    const c = await caseInfo(ctx.db, id);
    return Boolean(c && canReadCase(ctx.viewer, c));
  }
  return targetExists(ctx.db, type, id);
}

/**
 * Members, on anything they may read: sets their level for one thread, tag, case or
 * organisation (an explicit choice, which defaults never override). Bad input or an unreadable
 * target answers field errors.
 */
export async function setWatchLevel(ctx: DomainCtx, input: Record<string, unknown>): Promise<WatchResult> {
  const parsed = watchFormSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? "_form"), i.message])) };
  }
  if (!canCreateContent(ctx.viewer)) return { ok: false, errors: { _form: "notifications:errors.signIn" } };
  const d = parsed.data;
  const type = d.targetType as WatchTarget;
  if (!(await mayWatch(ctx, type, d.targetId))) return { ok: false, errors: { targetId: "notifications:errors.target" } };
  const firstPostOnly = (type === "tag" || type === "org") && d.firstPostOnly === "1";
  // The watch row's page_rev trigger locks the thread after the watch, a reply the other way round:
  // a deadlock between the two is retried, never a 500.
  await writeTransaction(ctx.db, (trx) => upsertWatch(trx, { userId: ctx.viewer!.id, type, id: d.targetId, level: d.level as WatchLevel, firstPostOnly, at: ctx.now }));
  return { ok: true };
}

/** Signed-in people: their level on one target ("normal" when they never chose). */
export async function myWatchLevel(ctx: DomainCtx, type: WatchTarget, id: string): Promise<{ level: WatchLevel; firstPostOnly: boolean }> {
  if (!ctx.viewer) return { level: "normal", firstPostOnly: false };
  const w = await findWatch(ctx.db, ctx.viewer.id, type, id);
  return { level: w?.level ?? "normal", firstPostOnly: w?.first_post_only ?? false };
}

/** Signed-in people: everything they set a level on; what they may no longer read is listed without its title. */
export async function myWatches(ctx: DomainCtx): Promise<Watch[]> {
  if (!ctx.viewer) return [];
  const rows = await watchRowsOf(ctx.db, ctx.viewer.id);
  const sv = (ctx.viewer.locale ?? "sv") === "sv";
  return rows.map((r): Watch => {
    const base = { targetType: r.target_type, targetId: r.target_id, level: r.level, firstPostOnly: r.first_post_only };
    switch (r.target_type) {
      case "thread": {
        const t = threadOf(r);
        const ok = Boolean(t && !t.deletedAt && canReadThread(ctx.viewer, t));
        return { ...base, title: ok ? r.t_title : null, href: ok ? `/t/${r.t_id}-${r.t_slug}` : null };
      }
      case "case": {
        const c = caseOf(r);
        const ok = Boolean(c && canReadCase(ctx.viewer, c));
        return { ...base, title: ok ? r.c_title : null, href: ok ? `/cases/${r.c_id}` : null };
      }
      case "tag":
        return { ...base, title: r.tg_slug ? (sv ? r.tg_name_sv : r.tg_name_en) : null, href: r.tg_slug ? `/tags/${r.tg_slug}` : null };
      case "org":
        return { ...base, title: r.o_name, href: r.o_slug ? `/orgs/${r.o_slug}` : null };
    }
  });
}

/**
 * Moderators merging a thread into another (inside their transaction): the source's watchers
 * (watching, tracking, muted) who may read the target get the same level there — a level
 * someone already has on the target stays — and lose the source's row; those who may not read
 * the target keep only the removed source's row (which names nothing). Returns the counts.
 */
export async function carryThreadWatches(
  trx: Kysely<Database> | Transaction<Database>,
  fromId: string,
  intoId: string,
  readers: (userIds: string[]) => Promise<Set<string>>,
  at: Date,
): Promise<{ carried: number; left: number }> {
  const rows = await threadWatchRows(trx, fromId);
  if (!rows.length) return { carried: 0, left: 0 };
  const may = await readers(rows.map((r) => r.user_id));
  const carried = await moveThreadWatches(trx, fromId, intoId, rows.filter((r) => may.has(r.user_id)), at);
  return { carried, left: rows.filter((r) => !may.has(r.user_id)).length };
}
