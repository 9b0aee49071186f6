import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { recordAudit } from "../../app/moderation/audit.server";
import { freshDatabase } from "../support/db";
import { createOrg, createUser } from "../support/factories";

let db: DB;
let destroy: () => Promise<void>;
beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
});
afterAll(() => destroy());

describe("audit_log is append-only for the application's database role", () => {
  it("accepts inserts and refuses UPDATE, DELETE and TRUNCATE", async () => {
    const org = await createOrg(db);
    const u = await createUser(db, { orgId: org.id, role: "moderator" });
    await recordAudit(db, { actorId: u.id, action: "thread.hide", targetType: "thread", targetId: "1", orgId: org.id, reason: "Test" });
    const row = await db.selectFrom("audit_log").selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ action: "thread.hide", reason: "Test", actor_id: u.id });
    await expect(db.updateTable("audit_log").set({ reason: "ändrad" }).where("id", "=", row.id).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom("audit_log").where("id", "=", row.id).execute()).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/append-only/);
    const after = await db.selectFrom("audit_log").selectAll().execute();
    expect(after).toHaveLength(1);
    expect(after[0].reason).toBe("Test");
  });
});
