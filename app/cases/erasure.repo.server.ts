import type { Transaction } from "kysely";
import type { Database } from "../../db/types";

// The cases' part of erasing a person: an erased person is nobody's contact any more (the case's
// functional mailbox stays); the cases they wrote stay, under their organisation.
type Tx = Transaction<Database>;

/** Clears the contact person where it is the erased person; returns every case that showed them. */
export async function detachCaseContact(trx: Tx, userId: string): Promise<string[]> {
  const cleared = await trx.updateTable("cases").set({ contact_user_id: null }).where("contact_user_id", "=", userId).returning("id").execute();
  const written = await trx.selectFrom("cases").select("id").where("created_by", "=", userId).execute();
  return [...new Set([...cleared, ...written].map((c) => c.id))];
}
