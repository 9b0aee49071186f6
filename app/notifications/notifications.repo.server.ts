import type { ExpressionBuilder, Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import { readableCases, readablePosts, readableThreads, type Viewer } from "../policy";
import type { NewNotification } from "./types";

type Q = Kysely<Database> | Transaction<Database>;

/** Creates notifications; a dedupe key seen before creates nothing (batched kinds refresh their row). */
export async function insertNotifications(db: Q, rows: NewNotification[], at: Date): Promise<string[]> {
  const created: string[] = [];
  for (const batched of [false, true]) {
    const part = rows.filter((r) => (r.batchCount !== undefined) === batched);
    if (!part.length) continue;
    const q = db.insertInto("notifications").values(
      part.map((r) => ({
        user_id: r.userId, kind: r.kind, event_id: r.eventId, actor_id: r.actorId, thread_id: r.threadId ?? null,
        post_id: r.postId ?? null, case_id: r.caseId ?? null, data: JSON.stringify(r.data ?? {}), dedupe_key: r.dedupeKey,
        count: r.batchCount ?? 1, created_at: at, updated_at: at,
      })),
    );
    const done = await (batched
      ? q.onConflict((oc) =>
          oc.columns(["user_id", "dedupe_key"]).doUpdateSet((eb) => ({
            count: eb.ref("excluded.count"), actor_id: eb.ref("excluded.actor_id"), event_id: eb.ref("excluded.event_id"),
            read_at: null, updated_at: at, id: eb.ref("notifications.id"),
          })).where("notifications.count", "<", (eb) => eb.ref("excluded.count")),
        )
      : q.onConflict((oc) => oc.columns(["user_id", "dedupe_key"]).doNothing())
    ).returning("user_id").execute();
    created.push(...done.map((d) => d.user_id));
  }
  return [...new Set(created)];
}

/** The people behind these ids as Viewers (active, with a membership), for the delivery-time check. */
export async function recipientViewers(db: Q, userIds: string[]): Promise<Map<string, Viewer>> {
  const out = new Map<string, Viewer>();
  if (!userIds.length) return out;
  const [users, ms] = await Promise.all([
    db.selectFrom("users").select(["id", "email", "handle", "name", "locale", "primary_org_id", "network_role"])
      .where("id", "in", userIds).where("deactivated_at", "is", null).execute(),
    db.selectFrom("memberships").select(["user_id", "org_id", "role"]).where("user_id", "in", userIds).execute(),
  ]);
  for (const u of users) {
    const memberships = ms.filter((m) => m.user_id === u.id).map((m) => ({ orgId: m.org_id, role: m.role }));
    if (!memberships.length) continue;
    out.set(u.id, { id: u.id, email: u.email, handle: u.handle, name: u.name, locale: u.locale, primaryOrgId: u.primary_org_id, networkRole: u.network_role, memberships });
  }
  return out;
}

// A thread that is a case's discussion follows its case (the complete read rule): its facts.
const discussedCase = (eb: ExpressionBuilder<Database & { t: Database["threads"] }, "t">) =>
  eb.selectFrom("cases as x")
    .select(["x.org_id", "x.visibility", "x.shared_org_ids", "x.state", "x.hidden_at", "x.deleted_at"])
    .whereRef("x.discussion_thread_id", "=", "t.id")
    .orderBy("x.id")
    .limit(1)
    .as("dc");

// Notifications joined to what they point at: the facts for the read check and, only once that
// check passed, the title.
function withTargets(db: Q) {
  return db
    .selectFrom("notifications as n")
    .leftJoin("threads as t", "t.id", "n.thread_id")
    .leftJoin("posts as p", "p.id", "n.post_id")
    .leftJoin("cases as c", "c.id", "n.case_id")
    .leftJoinLateral(discussedCase, (j) => j.onTrue())
    .leftJoin("users as a", "a.id", "n.actor_id")
    .select([
      "n.id", "n.kind", "n.read_at", "n.created_at", "n.updated_at", "n.count", "n.data", "n.thread_id", "n.post_id", "n.case_id",
      "t.id as t_id", "t.title as t_title", "t.slug as t_slug", "t.org_id as t_org_id", "t.visibility as t_visibility",
      "t.shared_org_ids as t_shared", "t.author_id as t_author_id", "t.kind as t_kind", "t.hidden_at as t_hidden_at",
      "t.deleted_at as t_deleted_at", "t.locked_at as t_locked_at",
      "p.id as p_id", "p.number as p_number", "p.author_id as p_author_id", "p.hidden_at as p_hidden_at", "p.deleted_at as p_deleted_at",
      "c.id as c_id", "c.title as c_title", "c.org_id as c_org_id", "c.visibility as c_visibility", "c.shared_org_ids as c_shared",
      "c.state as c_state", "c.hidden_at as c_hidden_at", "c.deleted_at as c_deleted_at",
      "dc.org_id as dc_org_id", "dc.visibility as dc_visibility", "dc.shared_org_ids as dc_shared_org_ids", "dc.state as dc_state",
      "dc.hidden_at as dc_hidden_at", "dc.deleted_at as dc_deleted_at",
      "a.name as actor_name",
    ]);
}
export type NotificationRow = Awaited<ReturnType<ReturnType<typeof withTargets>["execute"]>>[number];

/** A person's notifications, newest first (keyset by id). */
export function notificationRows(db: Q, userId: string, limit: number, beforeId?: string) {
  let q = withTargets(db).where("n.user_id", "=", userId);
  if (beforeId) q = q.where("n.id", "<", beforeId);
  return q.orderBy("n.id", "desc").limit(limit).execute();
}

/**
 * The bell: how many of a person's unread notifications point at something they may read now,
 * counted by PostgreSQL (at most `cap`). The SQL twin of canReadNotificationTarget
 * (access.server.ts), built from app/policy's read-rule helpers: a referenced thread exists, is
 * not deleted, is not the discussion of a deleted case and is readable; a referenced reply exists,
 * is not deleted and is readable; a referenced case exists, is not deleted and is readable.
 * tests/integration/matrix-notifications.test.ts checks the two agree.
 */
export async function readableUnreadCount(db: Q, viewer: Viewer, cap: number): Promise<number> {
  const r = await db
    .selectFrom((qb) =>
      qb.selectFrom("notifications as n")
        .leftJoin("threads as t", "t.id", "n.thread_id")
        .leftJoin("posts as p", "p.id", "n.post_id")
        .leftJoin("cases as c", "c.id", "n.case_id")
        .select("n.id")
        .where("n.user_id", "=", viewer.id)
        .where("n.read_at", "is", null)
        .where((eb) => eb.or([
          eb("n.thread_id", "is", null),
          eb.and([
            eb("t.id", "is not", null),
            eb("t.deleted_at", "is", null),
            eb.not(eb.exists(eb.selectFrom("cases as dx").select("dx.id").whereRef("dx.discussion_thread_id", "=", "t.id").where("dx.deleted_at", "is not", null))),
            readableThreads(viewer, "t"),
            eb.or([eb("n.post_id", "is", null), eb.and([eb("p.id", "is not", null), eb("p.deleted_at", "is", null), readablePosts(viewer, "p", "t")])]),
          ]),
        ]))
        .where((eb) => eb.or([
          eb("n.case_id", "is", null),
          eb.and([eb("c.id", "is not", null), eb("c.deleted_at", "is", null), readableCases(viewer, "c")]),
        ]))
        .orderBy("n.id", "desc")
        .limit(cap)
        .as("x"))
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function markRead(db: Q, userId: string, ids: string[] | "all", at: Date): Promise<number> {
  let q = db.updateTable("notifications").set({ read_at: at }).where("user_id", "=", userId).where("read_at", "is", null);
  if (ids !== "all") {
    if (!ids.length) return 0;
    q = q.where("id", "in", ids);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** One person's notifications by id, with their targets (the mail's send-time check). */
export function notificationRowsById(db: Q, userId: string, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return withTargets(db).where("n.user_id", "=", userId).where("n.id", "in", ids).orderBy("n.id").execute();
}
