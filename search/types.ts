import type { Viewer } from "../app/policy/types";
import type { Visibility } from "../app/policy/types";

export type SearchDocType = "thread" | "post" | "case";
export type SearchKind = "question" | "discussion" | "case";
export type DocKey = { type: SearchDocType; id: string };

/** The one document shape every engine indexes: threads, posts and cases alike. */
export type SearchDocument = {
  type: SearchDocType;
  id: string;
  /** question | discussion (threads and their posts) | case */
  kind: SearchKind;
  /** Results are collapsed per group: a thread and its posts share `thread:<id>`. */
  groupKey: string;
  parentId: string | null;
  slug: string;
  /** Where the item is shown: /t/<id>-<slug>, /t/<thread>-<slug>#p<n>, /cases/<id>-<slug>. */
  path: string;
  title: string;
  /** The thread's title, shown above a post hit (not searched). */
  parentTitle: string;
  /** The most important body part (opening text, case summary): weight C. */
  summary: string;
  /** The rest of the text: weight D. */
  body: string;
  /** The extracted text of the item's indexable attachments (below the body in weight). */
  attachments?: { name: string; text: string }[];
  /** Tag slugs (filter keys). */
  tags: string[];
  /** Tag names in both languages plus their synonyms: weight B. */
  tagText: string;
  areas: string[];
  orgId: string;
  visibility: Visibility;
  sharedOrgIds: string[];
  status: string | null;
  /** Questions: has an accepted answer. null for discussions and cases. */
  solved: boolean | null;
  /** A post that is the accepted answer. */
  accepted: boolean;
  replyCount: number;
  language: "sv" | "en";
  createdAt: Date;
  updatedAt: Date;
};

/** Filters from the form and from the box (tag:, org:, typ:, status:, …), already validated. */
export type SearchFilters = {
  kinds: SearchKind[];
  tags: string[];
  /** Organisation ids. */
  orgs: string[];
  areas: string[];
  statuses: string[];
  /** solved: accepted answer; unanswered: questions without replies; unsolved: no accepted answer. */
  answered: "solved" | "unsolved" | "unanswered" | null;
  from: Date | null;
  to: Date | null;
};

export const emptyFilters = (): SearchFilters => ({
  kinds: [], tags: [], orgs: [], areas: [], statuses: [], answered: null, from: null, to: null,
});

export type SearchRequest = {
  /** Free text, already stripped of filter tokens (see search/query.ts). */
  text: string;
  filters: SearchFilters;
  page: number;
  perPage: number;
  sort: "relevance" | "newest";
  /** Search exactly what was typed: no corrections of missing diacritics or typos. */
  exact?: boolean;
  /** Similar questions (a title being typed): rank by any word, like a question, whatever its length. */
  similar?: boolean;
};

export type SearchHit = {
  type: SearchDocType;
  id: string;
  kind: SearchKind;
  parentId: string | null;
  slug: string;
  path: string;
  title: string;
  parentTitle: string;
  /** The title as HTML: escaped text and <mark>…</mark> only. */
  titleHtml: string;
  /** HTML containing only escaped text and <mark>…</mark>. */
  snippetHtml: string;
  /** Set when only an attachment's text matched: its file name and a snippet from it (escaped text and <mark>). */
  attachment?: { filename: string; snippetHtml: string } | null;
  tags: string[];
  orgId: string;
  visibility: Visibility;
  status: string | null;
  solved: boolean | null;
  accepted: boolean;
  replyCount: number;
  createdAt: string;
  updatedAt: string;
  score: number;
};

export type FacetValue = { value: string; count: number };
export type Facets = {
  kind: FacetValue[];
  tag: FacetValue[];
  org: FacetValue[];
  area: FacetValue[];
  status: FacetValue[];
  answered: FacetValue[];
};

export type SearchResult = {
  engine: "postgres" | "meilisearch";
  hits: SearchHit[];
  total: number;
  /** The matches exceeded the ranking window: `total` is a lower bound. */
  capped?: boolean;
  facets: Facets;
  /** "all": every word matched; "any": no result had every word, so results match some words. */
  mode: "all" | "any" | "browse";
  didYouMean: string | null;
  /** The query was searched with corrected words (missing å/ä/ö, typos): what was searched. */
  searchedFor?: string | null;
  /** Few documents had every word, so the results include some without these words (soft AND). */
  missing?: string[];
  /** How many documents had every word before the search was relaxed (soft AND). */
  strictTotal?: number;
};

/** The engine contract (PostgreSQL by default, Meilisearch when configured). */
export interface SearchEngine {
  readonly name: "postgres" | "meilisearch";
  index(docs: SearchDocument[]): Promise<void>;
  remove(keys: DocKey[]): Promise<void>;
  /** Results, counts, facets and suggestion only from what `viewer` may read. */
  search(req: SearchRequest, viewer: Viewer | null): Promise<SearchResult>;
  /** Words for suggestions-as-you-type, only from documents `viewer` may read. */
  suggest(prefix: string, viewer: Viewer | null, limit?: number): Promise<string[]>;
}
