import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/types";
import { syncPostgresDocument } from "./sync";

export type SearchDocType = "thread" | "post" | "case";

/**
 * Records that a searchable item changed. Call it inside the same transaction as the write, so
 * the change and its index job commit (or roll back) together. The PostgreSQL engine's rows are
 * updated right here, in that transaction (so a reader never sees a deleted or re-scoped item);
 * the indexing worker applies the outbox row to Meilisearch when it is configured.
 */
export async function recordSearchChange(
  trx: Transaction<Database> | Kysely<Database>,
  docType: SearchDocType,
  docId: string,
  op: "upsert" | "delete" = "upsert",
): Promise<void> {
  await trx.insertInto("search_outbox").values({ doc_type: docType, doc_id: docId, op }).execute();
  // A delete still rebuilds from the source: a soft-deleted item yields no document, and a
  // deleted thread takes its replies with it.
  await syncPostgresDocument(trx, docType, docId);
}
