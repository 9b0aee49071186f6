// Row types for the search tables (snake_case; they stay inside repositories).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SearchTables {}
