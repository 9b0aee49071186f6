import type { DB } from "../../db/client";

export async function insertDevMail(db: DB, m: { to: string; subject: string; text: string }) {
  await db.insertInto("dev_mailbox").values({ to_address: m.to, subject: m.subject, text_body: m.text }).execute();
}

/** The newest messages in the dev mailbox, optionally for one address. */
export function selectDevMail(db: DB, to?: string) {
  let q = db.selectFrom("dev_mailbox").selectAll().orderBy("id", "desc").limit(50);
  if (to) q = q.where((eb) => eb(eb.fn("lower", ["to_address"]), "=", to.trim().toLowerCase()));
  return q.execute();
}
