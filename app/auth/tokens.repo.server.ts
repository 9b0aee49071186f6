import type { Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";

type Tx = DB | Transaction<Database>;

export function insertEmailToken(
  db: Tx,
  v: { tokenHash: string; purpose: "signup" | "reset"; email: string; userId?: string; orgId?: string; name?: string; passwordHash?: string; locale?: "sv" | "en" | null; expiresAt: Date },
) {
  return db
    .insertInto("email_tokens")
    .values({
      token_hash: v.tokenHash, purpose: v.purpose, email: v.email, user_id: v.userId ?? null, org_id: v.orgId ?? null,
      name: v.name ?? "", password_hash: v.passwordHash ?? null, locale: v.locale ?? null, expires_at: v.expiresAt,
    })
    .execute();
}

/** An unused, unexpired token of this purpose (not consumed). */
export function findOpenToken(db: Tx, tokenHash: string, purpose: "signup" | "reset", now: Date) {
  return db
    .selectFrom("email_tokens")
    .selectAll()
    .where("token_hash", "=", tokenHash)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
}

/** Consumes a token atomically (single use); returns its row, or undefined when not open. */
export function consumeToken(db: Tx, tokenHash: string, purpose: "signup" | "reset", now: Date) {
  return db
    .updateTable("email_tokens")
    .set({ used_at: now })
    .where("token_hash", "=", tokenHash)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returningAll()
    .executeTakeFirst();
}

/** Spends every other open reset token of a person (after a successful reset). */
export async function consumeResetTokensOf(db: Tx, userId: string, now: Date) {
  await db.updateTable("email_tokens").set({ used_at: now }).where("user_id", "=", userId).where("purpose", "=", "reset").where("used_at", "is", null).execute();
}
