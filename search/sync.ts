import type { Kysely } from "kysely";
import type { Database } from "../db/types";
import { buildDocuments, discussionThreadOf, postIdsOfThread, threadIdOfPost } from "./documents";
import { deleteDocuments, upsertDocuments } from "./postgres/indexer";
import type { DocKey, SearchDocType, SearchDocument } from "./types";

type Db = Kysely<Database>;
/** Documents built per query (a long thread's replies come in several). */
const CHUNK = 1000;

/**
 * Every document that shows an item, the item first:
 * - a reply: itself and its thread (whose document holds the accepted answer, the reply count
 *   and whether it is solved);
 * - a thread: itself and its replies (their visibility, tags, title and state come from it);
 * - a case: itself, its discussion thread and that thread's replies (the thread's title names
 *   the case, and the thread is readable only while the case is).
 */
export async function documentsShowing(db: Db, type: SearchDocType, id: string): Promise<DocKey[]> {
  const keys: DocKey[] = [{ type, id }];
  const withReplies = async (threadId: string) => {
    keys.push({ type: "thread", id: threadId });
    for (const p of await postIdsOfThread(db, threadId)) keys.push({ type: "post", id: p });
  };
  if (type === "post") {
    const t = await threadIdOfPost(db, id);
    if (t) keys.push({ type: "thread", id: t });
  } else if (type === "thread") {
    for (const p of await postIdsOfThread(db, id)) keys.push({ type: "post", id: p });
  } else {
    const t = await discussionThreadOf(db, id);
    if (t) await withReplies(t);
  }
  return [...new Map(keys.map((k) => [`${k.type}:${k.id}`, k])).values()];
}

/**
 * Brings the PostgreSQL engine's rows for one item, and for every document that shows it, up to
 * date from the source tables (only readable state is indexed: app/policy/readable.ts, indexable*), and
 * returns what changed (for an external engine). Idempotent.
 */
export async function syncPostgresDocument(
  db: Db,
  type: SearchDocType,
  id: string,
): Promise<{ upserted: SearchDocument[]; removed: DocKey[] }> {
  const keys = await documentsShowing(db, type, id);
  const upserted: SearchDocument[] = [];
  const removed: DocKey[] = [];
  for (const t of ["thread", "post", "case"] as const) {
    const all = keys.filter((k) => k.type === t).map((k) => k.id);
    for (let i = 0; i < all.length; i += CHUNK) {
      const ids = all.slice(i, i + CHUNK);
      const docs = await buildDocuments(db, t, ids);
      const built = new Set(docs.map((d) => d.id));
      await upsertDocuments(db, docs);
      upserted.push(...docs);
      for (const x of ids) if (!built.has(x)) removed.push({ type: t, id: x });
    }
  }
  await deleteDocuments(db, removed);
  const threads = keys.filter((k) => k.type === "thread" && removed.some((r) => r.type === "thread" && r.id === k.id));
  for (const t of threads) {
    // A hard-deleted thread's replies are gone from the source too: drop whatever is left.
    const orphans = await db.deleteFrom("search_documents").where("doc_type", "=", "post").where("parent_id", "=", t.id)
      .returning("doc_id").execute();
    for (const o of orphans) if (!removed.some((r) => r.type === "post" && r.id === o.doc_id)) removed.push({ type: "post", id: o.doc_id });
  }
  return { upserted, removed };
}
