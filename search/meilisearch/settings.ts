import type { Settings } from "meilisearch";

/** Index settings: which fields are searched (in order of weight), filtered, sorted and how hits rank. */
export function indexSettings(synonyms: Record<string, string[]>): Settings {
  return {
    // Attachment text last: below the item's own text (issue 12).
    searchableAttributes: ["title", "tagText", "summary", "body", "parentTitle", "attachments.text"],
    filterableAttributes: ["type", "kind", "tags", "orgId", "areas", "status", "solved", "replyCount", "visibility", "sharedOrgIds", "createdAtTs"],
    sortableAttributes: ["updatedAtTs", "createdAtTs"],
    displayedAttributes: ["*"],
    rankingRules: ["words", "typo", "proximity", "attribute", "exactness", "accepted:desc", "updatedAtTs:desc"],
    distinctAttribute: "groupKey",
    synonyms,
    // The same edit budget as the PostgreSQL engine's corrections (search/postgres/correct.ts,
    // maxEdits): none under 4 letters, one under 8, two from 8.
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
    pagination: { maxTotalHits: 1000 },
    faceting: { maxValuesPerFacet: 50 },
  };
}

/**
 * Synonym groups as Meilisearch synonyms: every term of a group is interchangeable with the
 * others. The groups are the tags (names and synonyms) and the admin-managed list
 * (`search_synonyms`, /admin/synonyms), the same two sources the PostgreSQL engine reads.
 */
export function synonymsFromGroups(groups: string[][]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const g of groups) {
    const all = [...new Set(g.map((s) => s.toLowerCase().trim()).filter(Boolean))];
    for (const w of all) out[w] = [...new Set([...(out[w] ?? []), ...all.filter((x) => x !== w)])];
  }
  return out;
}

