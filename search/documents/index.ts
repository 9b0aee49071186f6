import type { Kysely } from "kysely";
import type { Database } from "../../db/types";
import type { SearchDocType, SearchDocument } from "../types";
import { buildCaseDocument } from "./cases";
import { buildPostDocuments, buildThreadDocuments } from "./forum";
import { withAttachmentTexts } from "./attachments";

/** Builds the current document for an item from its source tables; null means "not searchable". */
export async function buildDocument(db: Kysely<Database>, type: SearchDocType, id: string): Promise<SearchDocument | null> {
  return (await buildDocuments(db, type, [id]))[0] ?? null;
}

export { postIdsOfThread, threadIdOfPost } from "./forum";
export { discussionThreadOf } from "./cases";

/**
 * Builds many documents of one type at once (reindexing); items that are not searchable are left
 * out. Each carries the extracted text of its indexable attachments.
 */
export async function buildDocuments(db: Kysely<Database>, type: SearchDocType, ids: string[]): Promise<SearchDocument[]> {
  if (type === "thread") return withAttachmentTexts(db, type, await buildThreadDocuments(db, ids));
  if (type === "post") return withAttachmentTexts(db, type, await buildPostDocuments(db, ids));
  const docs = await Promise.all(ids.map((id) => buildCaseDocument(db, id)));
  return withAttachmentTexts(db, type, docs.filter((d): d is SearchDocument => d !== null));
}
