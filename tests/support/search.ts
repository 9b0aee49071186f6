import type { SearchDocument } from "../../search/types";
import { emptyFilters, type SearchFilters, type SearchRequest } from "../../search/types";

let n = 0;

/** A search document for engine tests (public, Swedish, a question) with the given overrides. */
export function makeDoc(o: Partial<SearchDocument> & { orgId: string }): SearchDocument {
  const id = o.id ?? String(900_000 + ++n);
  const type = o.type ?? "thread";
  return {
    type, id, kind: "question", groupKey: `${type === "case" ? "case" : "thread"}:${id}`, parentId: null, slug: `dok-${id}`,
    path: `/t/${id}-dok-${id}`, title: "", parentTitle: "", summary: "", body: "", tags: [], tagText: "", areas: [],
    visibility: "public", sharedOrgIds: [], status: null, solved: false, accepted: false, replyCount: 0,
    language: "sv", createdAt: new Date("2026-06-01T10:00:00Z"), updatedAt: new Date("2026-06-01T10:00:00Z"),
    ...o,
  };
}

/** A search request with defaults: relevance, first page of 20. */
export const req = (text: string, filters: Partial<SearchFilters> = {}, extra: Partial<SearchRequest> = {}): SearchRequest => ({
  text, filters: { ...emptyFilters(), ...filters }, page: 1, perPage: 20, sort: "relevance", ...extra,
});

import type { DB } from "../../db/client";
import { recordSearchChange } from "../../search/outbox";

type Vis = "organisation" | "network" | "public";

/** Writes a thread (and optional replies) to the forum tables the way the forum does: with the search outbox in the same transaction. */
export async function writeThread(
  db: DB,
  o: { orgId: string; authorId: string; title: string; body: string; visibility?: Vis; sharedOrgIds?: string[]; kind?: "question" | "discussion"; replies?: string[] },
): Promise<{ threadId: string; postIds: string[] }> {
  return db.transaction().execute(async (trx) => {
    const t = await trx.insertInto("threads").values({
      kind: o.kind ?? "question", title: o.title, slug: o.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 40) || "trad",
      body_md: o.body, body_html: `<p>${o.body.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>`, renderer_version: 1,
      org_id: o.orgId, visibility: o.visibility ?? "organisation", shared_org_ids: o.sharedOrgIds ?? [], author_id: o.authorId,
      reply_count: o.replies?.length ?? 0,
    }).returning("id").executeTakeFirstOrThrow();
    await recordSearchChange(trx, "thread", t.id);
    const postIds: string[] = [];
    for (const [i, r] of (o.replies ?? []).entries()) {
      const p = await trx.insertInto("posts").values({
        thread_id: t.id, number: i + 1, author_id: o.authorId, body_md: r, body_html: `<p>${r}</p>`, renderer_version: 1,
      }).returning("id").executeTakeFirstOrThrow();
      await recordSearchChange(trx, "post", p.id);
      postIds.push(p.id);
    }
    return { threadId: t.id, postIds };
  });
}
