import { parseForm } from "../lib/forms.server";
import { ARRAY_PARAMS, searchParamsSchema, type SearchParams } from "./schemas";

/**
 * Reads /search's URL parameters. Invalid values (a malformed date, an unknown type) are dropped
 * with a message instead of failing the page; the query text is cut at 10,000 characters.
 */
export function readSearchParams(url: URL): { params: SearchParams; invalid: string[] } {
  const fd = new FormData();
  for (const [k, v] of url.searchParams) fd.append(k, k === "q" ? v.slice(0, 10_000) : v.slice(0, 200));
  let parsed = parseForm(searchParamsSchema, fd, ARRAY_PARAMS);
  const invalid: string[] = [];
  if (!parsed.ok) {
    invalid.push(...Object.keys(parsed.errors));
    for (const key of invalid) fd.delete(key);
    parsed = parseForm(searchParamsSchema, fd, ARRAY_PARAMS);
  }
  if (!parsed.ok) return { params: searchParamsSchema.parse({}), invalid: [...invalid, ...Object.keys(parsed.errors)] };
  return { params: parsed.data, invalid };
}
