import type { Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";

type Tx = DB | Transaction<Database>;

// Sign-in states (single use), linked identities and SSO sessions.

export async function insertLoginState(
  db: Tx,
  v: { stateHash: string; providerId: string; purpose: "login" | "test"; testerId: string | null; codeVerifier: string; nonce: string; redirectTo: string; expiresAt: Date },
) {
  await db
    .insertInto("sso_login_states")
    .values({
      state_hash: v.stateHash, provider_id: v.providerId, purpose: v.purpose, tester_id: v.testerId, code_verifier: v.codeVerifier,
      nonce: v.nonce, redirect_to: v.redirectTo, expires_at: v.expiresAt, used_at: null,
    })
    .execute();
}

/** Marks the state used and returns it, once: a second call (a replay) gets nothing. */
export function consumeLoginState(db: Tx, stateHash: string, providerId: string, now: Date) {
  return db
    .updateTable("sso_login_states")
    .set({ used_at: now })
    .where("state_hash", "=", stateHash)
    .where("provider_id", "=", providerId)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning(["purpose", "tester_id", "code_verifier", "nonce", "redirect_to"])
    .executeTakeFirst();
}

export async function deleteOldLoginStates(db: Tx, before: Date) {
  await db.deleteFrom("sso_login_states").where("expires_at", "<", before).execute();
}

export function findIdentity(db: Tx, providerId: string, subject: string) {
  return db.selectFrom("sso_identities").select(["user_id"]).where("provider_id", "=", providerId).where("subject", "=", subject).executeTakeFirst();
}

export async function linkIdentity(db: Tx, v: { providerId: string; subject: string; userId: string; tenantId: string | null; now: Date }) {
  await db
    .insertInto("sso_identities")
    .values({ provider_id: v.providerId, subject: v.subject, user_id: v.userId, tenant_id: v.tenantId, last_login_at: v.now })
    .onConflict((oc) => oc.columns(["provider_id", "subject"]).doUpdateSet({ last_login_at: v.now, tenant_id: v.tenantId }))
    .execute();
}

export async function recordSsoSession(db: Tx, sessionId: string, providerId: string, idTokenHint: string) {
  await db.insertInto("sso_sessions").values({ session_id: sessionId, provider_id: providerId, id_token_hint: idTokenHint }).execute();
}

export function ssoSessionOf(db: Tx, sessionId: string) {
  return db.selectFrom("sso_sessions").select(["provider_id", "id_token_hint"]).where("session_id", "=", sessionId).executeTakeFirst();
}

/** Keeps a SAML test run's claims for the admin who started it (and drops stale ones). */
export async function insertTestResult(db: Tx, v: { tokenHash: string; providerId: string; testerId: string; claims: Record<string, unknown>; expiresAt: Date; now: Date }) {
  await db.deleteFrom("sso_test_results").where("expires_at", "<", v.now).execute();
  await db
    .insertInto("sso_test_results")
    .values({ token_hash: v.tokenHash, provider_id: v.providerId, tester_id: v.testerId, claims: JSON.stringify(v.claims) as never, expires_at: v.expiresAt })
    .execute();
}

/** Takes a test result once: only its tester, only for its provider, only before it expires. */
export async function takeTestResult(db: Tx, tokenHash: string, providerId: string, testerId: string, now: Date) {
  const r = await db
    .deleteFrom("sso_test_results")
    .where("token_hash", "=", tokenHash)
    .where("provider_id", "=", providerId)
    .where("tester_id", "=", testerId)
    .where("expires_at", ">", now)
    .returning("claims")
    .executeTakeFirst();
  return r?.claims ?? null;
}
