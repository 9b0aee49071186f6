import type { Adapter, DatabaseSession, DatabaseUser } from "lucia";
import { sql } from "kysely";
import type { DB } from "../../db/client";

// The Kysely adapter behind lucia. It selects only safe user columns (never the password hash),
// and loads memberships in the same query so one round trip yields the whole viewer.
export function kyselyAdapter(getDb: () => DB): Adapter {
  return {
    async getSessionAndUser(sessionId) {
      const row = await getDb()
        .selectFrom("sessions as s")
        .innerJoin("users as u", "u.id", "s.user_id")
        .select([
          "s.id", "s.user_id", "s.expires_at", "s.absolute_expires_at", "s.user_agent", "s.created_at",
          "u.email", "u.handle", "u.name", "u.locale", "u.primary_org_id", "u.network_role", "u.deactivated_at",
          sql<{ orgId: string; role: string }[]>`coalesce((SELECT json_agg(json_build_object('orgId', m.org_id::text, 'role', m.role)) FROM memberships m WHERE m.user_id = u.id), '[]')`.as("memberships"),
        ])
        .where("s.id", "=", sessionId)
        .executeTakeFirst();
      if (!row) return [null, null];
      const session: DatabaseSession = {
        id: row.id,
        userId: row.user_id,
        expiresAt: row.expires_at,
        attributes: { absoluteExpiresAt: row.absolute_expires_at, userAgent: row.user_agent, createdAt: row.created_at },
      };
      const user: DatabaseUser = {
        id: row.user_id,
        attributes: {
          email: row.email, handle: row.handle, name: row.name, locale: row.locale,
          primaryOrgId: row.primary_org_id, networkRole: row.network_role,
          deactivatedAt: row.deactivated_at, memberships: row.memberships as never,
        },
      };
      return [session, user];
    },
    async getUserSessions(userId) {
      const rows = await getDb().selectFrom("sessions").selectAll().where("user_id", "=", userId).execute();
      return rows.map((r) => ({
        id: r.id,
        userId: r.user_id,
        expiresAt: r.expires_at,
        attributes: { absoluteExpiresAt: r.absolute_expires_at, userAgent: r.user_agent, createdAt: r.created_at },
      }));
    },
    async setSession(s) {
      await getDb()
        .insertInto("sessions")
        .values({
          id: s.id,
          user_id: s.userId,
          expires_at: s.expiresAt,
          absolute_expires_at: s.attributes.absoluteExpiresAt,
          user_agent: s.attributes.userAgent ?? "",
        })
        .execute();
    },
    async updateSessionExpiration(sessionId, expiresAt) {
      // Sliding idle expiry, never past the absolute lifetime.
      await getDb()
        .updateTable("sessions")
        .set({ expires_at: sql`least(${expiresAt}::timestamptz, absolute_expires_at)` })
        .where("id", "=", sessionId)
        .execute();
    },
    async deleteSession(sessionId) {
      await getDb().deleteFrom("sessions").where("id", "=", sessionId).execute();
    },
    async deleteUserSessions(userId) {
      await getDb().deleteFrom("sessions").where("user_id", "=", userId).execute();
    },
    async deleteExpiredSessions() {
      await deleteExpiredSessionRows(getDb(), new Date());
    },
  };
}

/** Sessions past their idle or absolute expiry (lucia's clean-up and the hourly housekeeping job). */
export async function deleteExpiredSessionRows(db: DB, now: Date): Promise<number> {
  const r = await db
    .deleteFrom("sessions")
    .where((eb) => eb.or([eb("expires_at", "<=", now), eb("absolute_expires_at", "<=", now)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
