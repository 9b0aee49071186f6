// Row types for the forum tables (snake_case; they stay inside repositories).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ForumTables {}
