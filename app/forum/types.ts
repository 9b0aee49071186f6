import type { TagArea, ThreadKind } from "../../db/types/forum";
import type { Visibility } from "../policy";

export type { TagArea, ThreadKind };

export const TAG_AREAS: readonly TagArea[] = [
  "customer_service", "hr", "purchasing", "internal_admin", "health_social_care",
  "schools", "urban_planning", "it", "law_ethics", "security",
];

/** Who a writer chooses to let read: own organisation, chosen organisations, the network, everyone. */
export type Audience = "organisation" | "chosen" | "network" | "public";
export const AUDIENCES: readonly Audience[] = ["organisation", "chosen", "network", "public"];

export type TagRef = { slug: string; nameSv: string; nameEn: string; area: TagArea };
export type TagSummary = TagRef & { id: string; description: string; synonyms: string[]; threadCount: number };
/** A tag offered while typing: `synonym` is the synonym that matched; `exact` says the text names it. */
export type TagSuggestion = { slug: string; name: string; synonym: string | null; exact: boolean };

export type OrgRef = { id: string; slug: string; name: string };
export type PersonRef = { id: string; handle: string; name: string };

export type VisibilityInfo = { visibility: Visibility; org: OrgRef; sharedWith: OrgRef[] };

export type ThreadListItem = {
  id: string;
  slug: string;
  kind: ThreadKind;
  title: string;
  org: OrgRef;
  visibility: Visibility;
  shared: boolean;
  author: PersonRef;
  replyCount: number;
  lastActivityAt: string;
  createdAt: string;
  solved: boolean;
  hidden: boolean;
  tags: TagRef[];
  /** Names of the organisations it is shared with (organisation visibility). */
  sharedWith: string[];
  /** People who opened it; helpful votes on its live answers. */
  readers: number;
  votes: number;
  /** For the signed-in viewer: never opened and started since their previous visit. */
  isNew: boolean;
  /** For the signed-in viewer: live replies by others since they last opened it. */
  newReplies: number;
};

export type ThreadFilters = {
  tags?: string[];
  orgId?: string;
  kind?: ThreadKind;
  status?: "unanswered" | "solved";
  /** Threads a moderator pinned to this scope: "front" (home page) or a tag slug. */
  pinnedScope?: string;
  /** Only threads with a tag in one of these areas. */
  areas?: string[];
  /** Only the viewer's own threads ("Mina trådar"). */
  mine?: boolean;
  /** Only threads the viewer watches ("Trådar jag bevakar"). */
  watching?: boolean;
};

export type ThreadSort = "activity" | "newest" | "votes";

export type Page<T> = { items: T[]; next: string | null };

export type Revision = {
  id: string;
  editor: PersonRef;
  at: string;
  reason: string;
  oldTitle: string | null;
  newTitle: string | null;
  oldBody: string;
  newBody: string;
};

export type PostView = {
  id: string;
  number: number;
  author: PersonRef;
  bodyHtml: string | null;
  bodyMd: string | null;
  votes: number;
  createdAt: string;
  updatedAt: string;
  removed: boolean;
  hidden: boolean;
  hiddenReason: string | null;
  accepted: boolean;
  revisions: Revision[];
  viewerVoted: boolean;
  can: { edit: boolean; delete: boolean; vote: boolean; accept: boolean; moderate: boolean };
};

export type ThreadView = {
  id: string;
  slug: string;
  kind: ThreadKind;
  title: string;
  bodyHtml: string | null;
  bodyMd: string | null;
  author: PersonRef;
  access: VisibilityInfo;
  tags: TagRef[];
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
  replyCount: number;
  removed: boolean;
  hidden: boolean;
  hiddenReason: string | null;
  locked: boolean;
  pinned: boolean;
  outdatedNote: string | null;
  /** A moderator's "Gott exempel" mark and note, shown to every reader. */
  bestPractice: { note: string; markedAt: string } | null;
  followerCount: number;
  revisions: Revision[];
  viewer: { following: boolean; watching: boolean; watchLevel: "watching" | "tracking" | "normal" | "muted" };
  can: { reply: boolean; edit: boolean; delete: boolean; accept: boolean; follow: boolean; moderate: boolean; watch: boolean; move: boolean };
};

/** How answers after the accepted one are ordered: most helpful votes, or oldest first. */
export type AnswerSort = "votes" | "oldest";

export type ThreadPageData = { thread: ThreadView; accepted: PostView | null; posts: PostView[]; answerSort: AnswerSort };
