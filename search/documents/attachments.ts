import type { Kysely } from "kysely";
import type { Database } from "../../db/types";
import type { SearchDocType, SearchDocument } from "../types";
import { indexableAttachments } from "../../app/policy/readable";

// The extracted text of a document's attachments (issue 12). Only attachments that pass
// indexableAttachments go in; the document itself exists only while its parent is indexable,
// so an attachment's words are found exactly where its parent may be read.

/** At most this much attachment text per document: a tsvector holds at most 1 MB. */
export const MAX_ATTACHMENT_TEXT = 150_000;

/** Adds `attachments` ([{ name, text }], in the parent's order) to documents of one type. */
export async function withAttachmentTexts(db: Kysely<Database>, type: SearchDocType, docs: SearchDocument[]): Promise<SearchDocument[]> {
  if (docs.length === 0) return docs;
  const rows = await db
    .selectFrom("attachments as a")
    .select(["a.parent_id", "a.filename", "a.text_content"])
    .where("a.parent_type", "=", type)
    .where("a.parent_id", "in", docs.map((d) => d.id))
    .where(indexableAttachments("a"))
    .where("a.text_content", "<>", "")
    .orderBy("a.parent_id")
    .orderBy("a.position")
    .orderBy("a.id")
    .execute();
  const byParent = new Map<string, { name: string; text: string }[]>();
  for (const r of rows) {
    const list = byParent.get(r.parent_id!) ?? [];
    const used = list.reduce((n, a) => n + a.text.length, 0);
    const room = MAX_ATTACHMENT_TEXT - used;
    if (room > 0) list.push({ name: r.filename, text: (r.text_content ?? "").slice(0, room) });
    byParent.set(r.parent_id!, list);
  }
  return docs.map((d) => ({ ...d, attachments: byParent.get(d.id) ?? [] }));
}
