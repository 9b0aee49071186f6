import type { Kysely } from "kysely";
import type { Database } from "../../db/types";

/** The replies after a number in one thread, with what the read rule needs (at most 200). */
export function repliesAfter(db: Kysely<Database>, threadId: string, afterNumber: number) {
  return db
    .selectFrom("posts")
    .select(["id", "number", "author_id", "hidden_at", "deleted_at"])
    .where("thread_id", "=", threadId)
    .where("number", ">", afterNumber)
    .where("deleted_at", "is", null)
    .orderBy("number")
    .limit(200)
    .execute();
}
