import type { Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";

type Tx = DB | Transaction<Database>;

export async function insertScimToken(db: Tx, v: { orgId: string; tokenHash: string; label: string; createdBy: string }) {
  return (await db.insertInto("scim_tokens").values({ org_id: v.orgId, token_hash: v.tokenHash, label: v.label, created_by: v.createdBy, revoked_at: null, last_used_at: null }).returning("id").executeTakeFirstOrThrow()).id;
}

export function listScimTokens(db: Tx, orgId: string) {
  return db.selectFrom("scim_tokens").select(["id", "label", "created_at", "last_used_at", "revoked_at"]).where("org_id", "=", orgId).orderBy("id", "desc").execute();
}

export function findScimToken(db: Tx, id: string) {
  return db.selectFrom("scim_tokens").select(["id", "org_id", "revoked_at"]).where("id", "=", id).executeTakeFirst();
}

export async function revokeScimToken(db: Tx, id: string, now: Date) {
  await db.updateTable("scim_tokens").set({ revoked_at: now }).where("id", "=", id).where("revoked_at", "is", null).execute();
}

/** The organisation an unrevoked token belongs to (marks it used). */
export async function orgOfActiveToken(db: Tx, tokenHash: string, now: Date): Promise<string | null> {
  const r = await db
    .updateTable("scim_tokens")
    .set({ last_used_at: now })
    .where("token_hash", "=", tokenHash)
    .where("revoked_at", "is", null)
    .returning("org_id")
    .executeTakeFirst();
  return r?.org_id ?? null;
}
