import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { purgeExpired } from "../../app/lib/housekeeping.server";
import { freshDatabase } from "../support/db";
import { createOrg, createUser } from "../support/factories";

// The hourly clean-up removes what has expired and nothing that still counts.
let db: DB;
let destroy: () => Promise<void>;
beforeAll(async () => ({ db, destroy } = await freshDatabase()));
afterAll(() => destroy());

const H = 3_600_000;
const DAY = 24 * H;

describe("purgeExpired", () => {
  it("removes expired sessions, old tokens and long-expired unaccepted invitations only", async () => {
    const now = new Date();
    const at = (ms: number) => new Date(now.getTime() + ms);
    const org = await createOrg(db);
    const user = await createUser(db, { orgId: org.id });
    await db.insertInto("sessions").values([
      { id: "live", user_id: user.id, expires_at: at(H), absolute_expires_at: at(DAY) },
      { id: "idle-out", user_id: user.id, expires_at: at(-H), absolute_expires_at: at(DAY) },
      { id: "too-old", user_id: user.id, expires_at: at(H), absolute_expires_at: at(-H) },
    ]).execute();
    const token = (hash: string, expires: number, used: number | null) => ({
      token_hash: hash, purpose: "reset" as const, email: "a@test.se", user_id: user.id, expires_at: at(expires), used_at: used === null ? null : at(used),
    });
    await db.insertInto("email_tokens").values([
      token("fresh", H, null),
      token("just-expired", -H, null), // kept a day: the link still answers "expired", not "unknown"
      token("expired-long-ago", -2 * DAY, null),
      token("used-long-ago", H, -2 * DAY),
    ]).execute();
    const invitation = (hash: string, expires: number, accepted: boolean) => ({
      org_id: org.id, email: `${hash}@test.se`, role: "member" as const, token_hash: hash, expires_at: at(expires), accepted_at: accepted ? at(-40 * DAY) : null,
    });
    await db.insertInto("invitations").values([
      invitation("open", DAY, false),
      invitation("recently-expired", -10 * DAY, false),
      invitation("expired-long-ago", -40 * DAY, false),
      invitation("accepted", -40 * DAY, true),
    ]).execute();

    // Submission keys (idempotent forms) only matter for a resend; a day later they go.
    await db.insertInto("submission_keys").values([
      { actor: user.id, form: "reply", token: "old-token-aaaaaaaaaaaa", fingerprint: "f", result: "1", created_at: at(-2 * 86_400_000) },
      { actor: user.id, form: "reply", token: "new-token-aaaaaaaaaaaa", fingerprint: "f", result: "1", created_at: at(-60_000) },
    ]).execute();
    expect(await purgeExpired(db, now)).toEqual({ sessions: 2, emailTokens: 2, invitations: 1, submissionKeys: 1, searchLog: 0, webhookAttempts: 0 });
    expect((await db.selectFrom("submission_keys").select("token").execute()).map((r) => r.token)).toEqual(["new-token-aaaaaaaaaaaa"]);
    expect((await db.selectFrom("sessions").select("id").execute()).map((r) => r.id)).toEqual(["live"]);
    expect((await db.selectFrom("email_tokens").select("token_hash").orderBy("token_hash").execute()).map((r) => r.token_hash)).toEqual(["fresh", "just-expired"]);
    expect((await db.selectFrom("invitations").select("token_hash").orderBy("token_hash").execute()).map((r) => r.token_hash)).toEqual(["accepted", "open", "recently-expired"]);
    expect(await purgeExpired(db, now)).toEqual({ sessions: 0, emailTokens: 0, invitations: 0, submissionKeys: 0, searchLog: 0, webhookAttempts: 0 });
  });
});
