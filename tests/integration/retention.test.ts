import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { applyRetention, RETENTION_DEFAULTS, retentionDays } from "../../app/lib/housekeeping.server";
import { freshDatabase } from "../support/db";
import { createOrg, createUser } from "../support/factories";

// Retention, as the housekeeping job applies it: what is older than its configured number of
// days goes, what is younger (or still open) stays; the audit log is append-only for everything
// else, and personal-export bytes go once the link is used or expired.
let db: DB;
let destroy: () => Promise<void>;
beforeAll(async () => ({ db, destroy } = await freshDatabase()));
afterAll(() => destroy());
const DAY = 86_400_000;

describe("retention", () => {
  it("reads the four settings, falling back to the defaults on bad values", () => {
    expect(retentionDays({})).toEqual(RETENTION_DEFAULTS);
    expect(retentionDays({ RETENTION_SESSIONS_DAYS: "3", RETENTION_FLAGS_DAYS: "x", RETENTION_RATE_LIMIT_DAYS: "-1", RETENTION_AUDIT_DAYS: "365" }))
      .toEqual({ ...RETENTION_DEFAULTS, RETENTION_SESSIONS_DAYS: 3, RETENTION_AUDIT_DAYS: 365 });
  });

  it("deletes old sessions, handled flags, rate-limit counters, audit entries and spent export bytes, and nothing younger", async () => {
    const now = new Date();
    const ago = (d: number) => new Date(now.getTime() - d * DAY);
    const org = await createOrg(db);
    const u = await createUser(db, { orgId: org.id });
    const future = new Date(now.getTime() + DAY);
    await db.insertInto("sessions").values([
      { id: "old", user_id: u.id, expires_at: future, absolute_expires_at: future, created_at: ago(10) },
      { id: "new", user_id: u.id, expires_at: future, absolute_expires_at: future, created_at: ago(1) },
    ]).execute();
    const flag = (text: string, status: "open" | "dismissed" | "actioned", created: number, handled: number | null) => ({
      target_type: "thread" as const, target_id: String(text.length), reporter_id: u.id, reason: "spam" as const, text, status, created_at: ago(created), handled_at: handled === null ? null : ago(handled),
    });
    await db.insertInto("flags").values([
      flag("old handled", "dismissed", 40, 35), flag("recently handled", "actioned", 40, 5), flag("old but open", "open", 40, null),
    ]).execute();
    await db.insertInto("rate_limits").values([
      { key: "login:old", points: 1, expire: String(ago(3).getTime()) }, { key: "login:new", points: 1, expire: String(now.getTime() + 60_000) },
    ]).execute();
    await db.insertInto("audit_log").values([
      { actor_id: u.id, action: "old.entry", target_type: "user", target_id: u.id, created_at: ago(400) },
      { actor_id: u.id, action: "new.entry", target_type: "user", target_id: u.id, created_at: ago(10) },
    ]).execute();
    const exp = async (v: { expires: Date; downloaded: Date | null }) => {
      const e = await db.insertInto("data_exports").values({ kind: "personal", user_id: u.id, status: "done", expires_at: v.expires, downloaded_at: v.downloaded }).returning("id").executeTakeFirstOrThrow();
      await db.insertInto("data_export_chunks").values({ export_id: e.id, seq: 0, bytes: Buffer.from("zip") }).execute();
      return e.id;
    };
    const live = await exp({ expires: future, downloaded: null });
    await exp({ expires: future, downloaded: ago(0) });
    await exp({ expires: ago(1), downloaded: null });

    const days = { RETENTION_SESSIONS_DAYS: 7, RETENTION_FLAGS_DAYS: 30, RETENTION_RATE_LIMIT_DAYS: 1, RETENTION_AUDIT_DAYS: 365 };
    expect(await applyRetention(db, now, days)).toEqual({ sessions: 1, flags: 1, rateLimits: 1, audit: 1, exportChunks: 2 });
    expect((await db.selectFrom("sessions").select("id").execute()).map((r) => r.id)).toEqual(["new"]);
    expect((await db.selectFrom("flags").select("text").orderBy("text").execute()).map((r) => r.text)).toEqual(["old but open", "recently handled"]);
    expect((await db.selectFrom("rate_limits").select("key").execute()).map((r) => r.key)).toEqual(["login:new"]);
    expect((await db.selectFrom("audit_log").select("action").execute()).map((r) => r.action)).toEqual(["new.entry"]);
    expect((await db.selectFrom("data_export_chunks").select("export_id").execute()).map((r) => r.export_id)).toEqual([live]);
    expect(await applyRetention(db, now, days)).toEqual({ sessions: 0, flags: 0, rateLimits: 0, audit: 0, exportChunks: 0 });
  });

  it("keeps the audit log append-only outside retention and erasure", async () => {
    await expect(sql`DELETE FROM audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE audit_log SET reason = 'x'`.execute(db)).rejects.toThrow(/append-only/);
    // The switch is transaction-local: a later statement on the same pool is refused again.
    await db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('allmanning.audit_maintenance', 'on', true)`.execute(trx);
    });
    await expect(sql`DELETE FROM audit_log`.execute(db)).rejects.toThrow(/append-only/);
  });
});
