// Cursor (keyset) pagination for every list: `?limit=` (1–100, default 25) and an opaque
// `?cursor=` taken from the previous page's `next`. A cursor is base64url JSON of the last
// item's sort key; the lists themselves are ordered by a unique key, so pages never overlap or
// skip when rows are added meanwhile. A cursor that is not one of ours is a 400.

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;

export type PageParams = { limit: number; cursor: string | null };

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** The decoded key, or undefined for a missing cursor; null for one that does not decode. */
export function decodeCursor<T>(cursor: string | null, valid: (v: unknown) => v is T): T | undefined | null {
  if (!cursor) return undefined;
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    return valid(v) ? v : null;
  } catch {
    return null;
  }
}

/** `limit` and `cursor` from the query, or the name of the bad parameter. */
export function pageParams(url: URL): PageParams | { bad: "limit" | "cursor" } {
  const raw = url.searchParams.get("limit");
  let limit = DEFAULT_LIMIT;
  if (raw !== null && raw !== "") {
    if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_LIMIT) return { bad: "limit" };
    limit = Number(raw);
  }
  const cursor = url.searchParams.get("cursor");
  if (cursor !== null && !/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return { bad: "cursor" };
  return { limit, cursor: cursor || null };
}

/** One page of an in-memory list already filtered by the read rule, ordered by `key` ascending. */
export function pageOf<T, K extends string | number>(items: T[], key: (x: T) => K, limit: number, after: K | undefined): { items: T[]; next: string | null } {
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const rest = after === undefined ? sorted : sorted.filter((x) => key(x) > after);
  const page = rest.slice(0, limit);
  return { items: page, next: rest.length > limit ? encodeCursor(key(page.at(-1)!)) : null };
}

export const isString = (v: unknown): v is string => typeof v === "string" && v.length <= 200;
export const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
