import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/types";

export type SearchDocType = "thread" | "post" | "case";

/**
 * Records that a searchable item changed. Call it inside the same transaction as the write, so
 * the change and its index job commit (or roll back) together. The indexing worker applies it.
 */
export async function recordSearchChange(
  trx: Transaction<Database> | Kysely<Database>,
  docType: SearchDocType,
  docId: string,
  op: "upsert" | "delete" = "upsert",
): Promise<void> {
  await trx.insertInto("search_outbox").values({ doc_type: docType, doc_id: docId, op }).execute();
}
