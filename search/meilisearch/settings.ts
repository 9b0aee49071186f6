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
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
    pagination: { maxTotalHits: 1000 },
    faceting: { maxValuesPerFacet: 50 },
  };
}

/** Tag synonyms as Meilisearch synonyms: each synonym and the tag's names are interchangeable. */
export function synonymsFromTags(tags: { names: string[]; synonyms: string[] }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const t of tags) {
    const all = [...new Set([...t.names, ...t.synonyms].map((s) => s.toLowerCase().trim()).filter(Boolean))];
    for (const w of all) out[w] = [...new Set([...(out[w] ?? []), ...all.filter((x) => x !== w)])];
  }
  return out;
}
