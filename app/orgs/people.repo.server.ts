import type { DB } from "../../db/client";

export async function updateLocale(db: DB, userId: string, locale: "sv" | "en") {
  await db.updateTable("users").set({ locale }).where("id", "=", userId).execute();
}

export function findLoginUser(db: DB, email: string) {
  return db
    .selectFrom("users")
    .select(["id", "password_hash", "deactivated_at"])
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.trim().toLowerCase()))
    .executeTakeFirst();
}
