import { sql, type Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";
import type { ApiScope } from "../../db/types/api";
import type { Membership } from "../policy/types";

type Tx = DB | Transaction<Database>;

export async function insertApiToken(db: Tx, v: { userId: string; name: string; tokenHash: string; scope: ApiScope; expiresAt: Date; at: Date }) {
  const r = await db
    .insertInto("api_tokens")
    .values({ user_id: v.userId, name: v.name, token_hash: v.tokenHash, scope: v.scope, expires_at: v.expiresAt, created_at: v.at, last_used_at: null, revoked_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return r.id;
}

export function tokensOfUser(db: Tx, userId: string) {
  return db
    .selectFrom("api_tokens")
    .select(["id", "name", "scope", "created_at", "expires_at", "last_used_at", "revoked_at"])
    .where("user_id", "=", userId)
    .orderBy("id", "desc")
    .limit(200)
    .execute();
}

export async function countActiveTokens(db: Tx, userId: string, now: Date): Promise<number> {
  const r = await db
    .selectFrom("api_tokens")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Revokes one of the person's own tokens; false when it is not theirs (or already revoked). */
export async function revokeOwnToken(db: Tx, userId: string, id: string, at: Date): Promise<boolean> {
  const r = await db.updateTable("api_tokens").set({ revoked_at: at }).where("id", "=", id).where("user_id", "=", userId).where("revoked_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Revokes every open token of a person (deactivation, anonymisation). */
export async function revokeAllOf(db: Tx, userId: string, at: Date): Promise<number> {
  const r = await db.updateTable("api_tokens").set({ revoked_at: at }).where("user_id", "=", userId).where("revoked_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export type BearerRow = {
  id: string;
  scope: ApiScope;
  expires_at: Date;
  revoked_at: Date | null;
  user_id: string;
  email: string;
  handle: string;
  name: string;
  locale: "sv" | "en" | null;
  primary_org_id: string | null;
  network_role: "moderator" | "admin" | null;
  deactivated_at: Date | null;
  memberships: Membership[];
};

/** The token with its owner and their memberships, in one round trip (as the session adapter does). */
export async function findBearer(db: Tx, tokenHash: string): Promise<BearerRow | undefined> {
  return (await db
    .selectFrom("api_tokens as k")
    .innerJoin("users as u", "u.id", "k.user_id")
    .select([
      "k.id", "k.scope", "k.expires_at", "k.revoked_at", "k.user_id",
      "u.email", "u.handle", "u.name", "u.locale", "u.primary_org_id", "u.network_role", "u.deactivated_at",
      sql<Membership[]>`coalesce((SELECT json_agg(json_build_object('orgId', m.org_id::text, 'role', m.role)) FROM memberships m WHERE m.user_id = u.id), '[]')`.as("memberships"),
    ])
    .where("k.token_hash", "=", tokenHash)
    .executeTakeFirst()) as BearerRow | undefined;
}

/** Marks a token used, at most once a minute (a busy client must not write a row per request). */
export async function touchToken(db: Tx, id: string, now: Date): Promise<void> {
  await db
    .updateTable("api_tokens")
    .set({ last_used_at: now })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", new Date(now.getTime() - 60_000))]))
    .execute();
}
