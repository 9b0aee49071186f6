import type { Kysely } from "kysely";
import type { Database } from "../db/types";
import { buildDocument, postIdsOfThread } from "./documents";
import { deleteDocuments, upsertDocuments } from "./postgres/indexer";
import type { DocKey, SearchDocType, SearchDocument } from "./types";

type Db = Kysely<Database>;

/**
 * Brings the PostgreSQL engine's rows for one item up to date from the source tables, and
 * returns what changed (for an external engine). A thread carries its replies along: their
 * visibility, tags and state come from it. Idempotent.
 */
export async function syncPostgresDocument(
  db: Db,
  type: SearchDocType,
  id: string,
): Promise<{ upserted: SearchDocument[]; removed: DocKey[] }> {
  const keys: DocKey[] = [{ type, id }];
  if (type === "thread") for (const p of await postIdsOfThread(db, id)) keys.push({ type: "post", id: p });
  const upserted: SearchDocument[] = [];
  const removed: DocKey[] = [];
  for (const k of keys) {
    const doc = await buildDocument(db, k.type, k.id);
    if (doc) upserted.push(doc);
    else removed.push(k);
  }
  // The accepted answer is part of its question's document: refresh the question too.
  const parent = upserted.find((d) => d.type === "post" && d.accepted)?.parentId;
  if (type === "post" && parent) {
    const q = await buildDocument(db, "thread", parent);
    if (q) upserted.push(q);
  }
  await upsertDocuments(db, upserted);
  await deleteDocuments(db, removed);
  if (type === "thread" && removed.some((k) => k.type === "thread")) {
    // A hard-deleted thread's replies are gone from the source too: drop whatever is left.
    const orphans = await db.deleteFrom("search_documents").where("doc_type", "=", "post").where("parent_id", "=", id)
      .returning("doc_id").execute();
    for (const o of orphans) removed.push({ type: "post", id: o.doc_id });
  }
  return { upserted, removed };
}
