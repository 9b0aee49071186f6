/** "Few hits": a query that found at most this many items for every searcher is a content gap. */
export const FEW_HITS = 2;
