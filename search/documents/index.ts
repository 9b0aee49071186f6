import type { Kysely } from "kysely";
import type { Database } from "../../db/types";
import type { SearchDocType, SearchDocument } from "../types";
import { buildCaseDocument } from "./cases";
import { buildPostDocument, buildPostDocuments, buildThreadDocument, buildThreadDocuments } from "./forum";

/** Builds the current document for an item from its source tables; null means "not searchable". */
export function buildDocument(db: Kysely<Database>, type: SearchDocType, id: string): Promise<SearchDocument | null> {
  switch (type) {
    case "thread":
      return buildThreadDocument(db, id);
    case "post":
      return buildPostDocument(db, id);
    case "case":
      return buildCaseDocument(db, id);
  }
}

export { postIdsOfThread, threadIdOfPost } from "./forum";
export { discussionThreadOf } from "./cases";

/** Builds many documents of one type at once (reindexing); items that are not searchable are left out. */
export async function buildDocuments(db: Kysely<Database>, type: SearchDocType, ids: string[]): Promise<SearchDocument[]> {
  if (type === "thread") return buildThreadDocuments(db, ids);
  if (type === "post") return buildPostDocuments(db, ids);
  const docs = await Promise.all(ids.map((id) => buildCaseDocument(db, id)));
  return docs.filter((d): d is SearchDocument => d !== null);
}
