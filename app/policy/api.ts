import type { Viewer } from "./types";

// Personal access tokens for the JSON API. A token acts as its owner, never as more: every read
// and write through /api/v1 goes through the same rules as the pages, for the token's person.

export type ApiScope = "read" | "write";

/** Own API tokens (create, list, revoke): any signed-in, active person. */
export const canManageApiTokens = (v: Viewer | null) => Boolean(v && v.memberships.length > 0);

/** A read token reads; a write token reads and writes. */
export const scopeAllows = (scope: ApiScope, needed: ApiScope) => scope === "write" || needed === "read";
