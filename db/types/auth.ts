// Row types for the auth tables (snake_case; they stay inside repositories).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AuthTables {}
