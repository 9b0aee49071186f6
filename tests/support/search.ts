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
