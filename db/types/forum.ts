import type { ColumnType, Generated } from "kysely";

// Row types for the forum tables (snake_case; they stay inside repositories).

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type TagArea =
  | "customer_service" | "hr" | "purchasing" | "internal_admin" | "health_social_care"
  | "schools" | "urban_planning" | "it" | "law_ethics" | "security";
export type ThreadKind = "question" | "discussion";

export interface TagsTable {
  id: Generated<string>;
  slug: string;
  name_sv: string;
  name_en: string;
  description: Generated<string>;
  area: TagArea;
  synonyms: ColumnType<string[], string[] | undefined, string[]>;
  merged_into_id: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Ts;
}

export interface ThreadsTable {
  id: Generated<string>;
  kind: ThreadKind;
  title: string;
  slug: string;
  body_md: string;
  body_html: string;
  renderer_version: number;
  org_id: string;
  visibility: "organisation" | "network" | "public";
  shared_org_ids: ColumnType<string[], string[] | undefined, string[]>;
  author_id: string;
  accepted_post_id: string | null;
  reply_count: Generated<number>;
  last_activity_at: Ts;
  created_at: Ts;
  updated_at: Ts;
  deleted_at: TsNull;
  deleted_by: string | null;
  hidden_at: TsNull;
  hidden_by: string | null;
  hidden_reason: string | null;
  locked_at: TsNull;
  pinned_at: TsNull;
  /** 'front' or a tag slug. */
  pinned_scope: string | null;
  /** Moved by triggers on every change the thread page shows (the page cache keys on it). */
  page_rev: Generated<string>;
  outdated_note: string | null;
  /** "Me too" marks of erased people, kept as a count (migration 2026-12-02T2001). */
  detached_me_too: Generated<number>;
  /** A duplicate question merged into this thread (migration 2026-12-07T1501): its address redirects there. */
  merged_into_id: Generated<string | null>;
}

export interface ThreadTagsTable {
  thread_id: string;
  tag_id: string;
}

export interface PostsTable {
  id: Generated<string>;
  thread_id: string;
  number: number;
  author_id: string;
  body_md: string;
  body_html: string;
  renderer_version: number;
  votes: Generated<number>;
  /** Votes of erased people, kept as a count (migration 2026-12-02T2001). */
  detached_votes: Generated<number>;
  created_at: Ts;
  updated_at: Ts;
  deleted_at: TsNull;
  deleted_by: string | null;
  hidden_at: TsNull;
  hidden_by: string | null;
  hidden_reason: string | null;
}

export interface PostRevisionsTable {
  id: Generated<string>;
  thread_id: string;
  /** NULL: the thread's opening text (and title). */
  post_id: string | null;
  editor_id: string;
  old_title: string | null;
  new_title: string | null;
  old_body_md: string;
  new_body_md: string;
  reason: Generated<string>;
  created_at: Ts;
}

export interface VotesTable {
  post_id: string;
  user_id: string;
  created_at: Generated<Date>;
}

export interface QuestionFollowersTable {
  thread_id: string;
  user_id: string;
  created_at: Generated<Date>;
}

export interface ThreadWatchersTable {
  thread_id: string;
  user_id: string;
  created_at: Generated<Date>;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  thread_id: string | null;
  post_id: string | null;
  actor_id: string | null;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Generated<Date>;
  read_at: Date | null;
  /** Added by the community loop (migration 2026-12-02T1101). */
  event_id: string | null;
  case_id: string | null;
  dedupe_key: string | null;
  count: Generated<number>;
  updated_at: Generated<Date>;
}

export interface ForumTables {
  tags: TagsTable;
  threads: ThreadsTable;
  thread_tags: ThreadTagsTable;
  posts: PostsTable;
  post_revisions: PostRevisionsTable;
  votes: VotesTable;
  question_followers: QuestionFollowersTable;
  thread_watchers: ThreadWatchersTable;
  notifications: NotificationsTable;
}
