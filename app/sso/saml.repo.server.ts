import type { Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";

type Tx = DB | Transaction<Database>;

export async function saveRequestId(db: Tx, providerId: string, id: string, expiresAt: Date) {
  await db.insertInto("saml_request_ids").values({ id, provider_id: providerId, expires_at: expiresAt }).onConflict((oc) => oc.column("id").doNothing()).execute();
}

export async function requestIdCreated(db: Tx, providerId: string, id: string, now: Date): Promise<Date | null> {
  const r = await db.selectFrom("saml_request_ids").select("created_at").where("id", "=", id).where("provider_id", "=", providerId).where("expires_at", ">", now).executeTakeFirst();
  return r?.created_at ?? null;
}

export async function removeRequestId(db: Tx, id: string) {
  await db.deleteFrom("saml_request_ids").where("id", "=", id).execute();
}

/** Records an assertion id; false when it was seen before (a replay). */
export async function firstSighting(db: Tx, providerId: string, assertionId: string, expiresAt: Date): Promise<boolean> {
  const r = await db
    .insertInto("saml_seen_assertions")
    .values({ assertion_id: `${providerId}:${assertionId}`, provider_id: providerId, expires_at: expiresAt })
    .onConflict((oc) => oc.column("assertion_id").doNothing())
    .returning("assertion_id")
    .executeTakeFirst();
  return Boolean(r);
}
