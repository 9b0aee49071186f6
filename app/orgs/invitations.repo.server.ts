import type { Transaction } from "kysely";
import type { DB } from "../../db/client";
import type { Database, OrgRole } from "../../db/types";

type Tx = DB | Transaction<Database>;

export function listPendingInvitations(db: Tx, orgId: string, now: Date) {
  return db
    .selectFrom("invitations as i")
    .leftJoin("users as u", "u.id", "i.invited_by")
    .select(["i.id", "i.email", "i.role", "i.created_at", "i.expires_at", "u.name as invited_by_name"])
    .where("i.org_id", "=", orgId)
    .where("i.accepted_at", "is", null)
    .where("i.revoked_at", "is", null)
    .where("i.expires_at", ">", now)
    .orderBy("i.created_at", "desc")
    .execute();
}

/** Revokes open invitations for this address to this organisation (a new one replaces them). */
export async function revokeOpenInvitations(db: Tx, orgId: string, email: string, now: Date) {
  await db
    .updateTable("invitations")
    .set({ revoked_at: now })
    .where("org_id", "=", orgId)
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase()))
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .execute();
}

export function insertInvitation(db: Tx, v: { orgId: string; email: string; role: OrgRole; tokenHash: string; invitedBy: string; expiresAt: Date }) {
  return db
    .insertInto("invitations")
    .values({ org_id: v.orgId, email: v.email, role: v.role, token_hash: v.tokenHash, invited_by: v.invitedBy, expires_at: v.expiresAt })
    .returning("id")
    .executeTakeFirstOrThrow();
}

export async function revokeInvitationRow(db: Tx, orgId: string, id: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable("invitations")
    .set({ revoked_at: now })
    .where("id", "=", id)
    .where("org_id", "=", orgId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** An open (unused, unrevoked, unexpired) invitation by token hash, with its organisation. */
export function findOpenInvitation(db: Tx, tokenHash: string, now: Date) {
  return db
    .selectFrom("invitations as i")
    .innerJoin("organisations as o", "o.id", "i.org_id")
    .select(["i.id", "i.org_id", "i.email", "i.role", "i.expires_at", "i.invited_by", "o.name as org_name", "o.slug as org_slug"])
    .where("i.token_hash", "=", tokenHash)
    .where("i.accepted_at", "is", null)
    .where("i.revoked_at", "is", null)
    .where("i.expires_at", ">", now)
    .executeTakeFirst();
}

/** A used (accepted) invitation by token hash, with its organisation: the link holder is told to sign in. */
export function findUsedInvitation(db: Tx, tokenHash: string) {
  return db
    .selectFrom("invitations as i")
    .innerJoin("organisations as o", "o.id", "i.org_id")
    .select(["o.name as org_name", "o.slug as org_slug"])
    .where("i.token_hash", "=", tokenHash)
    .where("i.accepted_at", "is not", null)
    .executeTakeFirst();
}

/** Marks an invitation used, atomically: only one caller can win. */
export async function claimInvitation(db: Tx, id: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable("invitations")
    .set({ accepted_at: now })
    .where("id", "=", id)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
