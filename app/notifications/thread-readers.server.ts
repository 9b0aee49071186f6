import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import { recipientViewers } from "./notifications.repo.server";
import { canReadThread, type ThreadFacts } from "../policy/forum";

// Who among some people may read a thread now: the complete read rule (canReadThread) for each
// person as they are at this moment (active, with their current memberships). Used where one
// person's action hands something of a thread to others — merging carries watchers to the
// target, and only its readers keep them.

/** Anyone's action: the ids among `userIds` whose current viewer may read the thread in full. */
export async function readersOfThread(db: Kysely<Database> | Transaction<Database>, userIds: string[], t: ThreadFacts): Promise<Set<string>> {
  const viewers = await recipientViewers(db, [...new Set(userIds)]);
  return new Set([...viewers].filter(([, v]) => canReadThread(v, t)).map(([id]) => id));
}
