import type { DomainCtx } from "../lib/ctx.server";
import { parseForm, type FieldErrors } from "../lib/forms.server";
import { readSearchParams } from "./params.server";
import { deleteSavedSearch, insertSavedSearch, savedSearchOf, savedSearchesOf, updateSavedSearch } from "./saved.repo.server";
import { alertSchema, deleteSchema, renameSchema, saveSearchSchema, type Alert } from "./saved.schemas";
import type { SearchParams } from "./schemas";

// Saved searches (issue 18): a person names the /search query they are looking at (its text and
// filters, as a canonical query string) and chooses whether to hear about new matches. Only the
// owner ever sees or changes a saved search; someone else's id is "not found".

export type SavedSearch = { id: string; name: string; query: string; summary: string; href: string; alert: Alert; createdAt: string };
export type SavedResult = { ok: true; id: string; created: boolean } | { ok: false; status: 400 | 404; errors: FieldErrors; values: Record<string, string | string[]> };

/** The canonical query string of a search: its text and filters in a fixed order, no page. */
export function canonicalQuery(p: SearchParams): string {
  const u = new URLSearchParams();
  if (p.q.trim()) u.set("q", p.q.trim());
  for (const k of ["typ", "tag", "org", "area", "status"] as const) for (const v of [...p[k]].sort()) u.append(k, v);
  for (const k of ["answered", "from", "to", "sort", "exact"] as const) if (p[k]) u.set(k, String(p[k]));
  return u.toString();
}

/** The search a saved query string stands for (invalid parts dropped, as /search does). */
export const paramsOfQuery = (query: string): SearchParams => readSearchParams(new URL(`/search?${query}`, "http://x")).params;

/** The query as someone would type it in the box: the words, then the filters as operators (tag:hr typ:question). */
function summaryOf(query: string): string {
  const u = new URLSearchParams(query);
  const ops = [...u].filter(([k]) => k !== "q" && k !== "sort" && k !== "exact").map(([k, v]) => `${k}:${v}`);
  return [u.get("q") ?? "", ...ops].filter(Boolean).join(" ");
}

const view = (r: { id: string; name: string; query: string; alert: Alert; created_at: Date }): SavedSearch =>
  ({ id: r.id, name: r.name, query: r.query, summary: summaryOf(r.query), href: `/search?${r.query}`, alert: r.alert, createdAt: r.created_at.toISOString() });

const fail = (status: 400 | 404, field: string, key: string, values: Record<string, string | string[]>): SavedResult =>
  ({ ok: false, status, errors: { [field]: [{ key }] }, values });

/**
 * Signed-in people: saves a search under a name. The same query saved twice (a double submit)
 * is one row; an empty or malformed query, or a bad name, is a 400 with the typed values kept.
 */
export async function saveSearch(ctx: DomainCtx, form: FormData): Promise<SavedResult> {
  const parsed = parseForm(saveSearchSchema, form);
  if (!parsed.ok) return { ok: false, status: 400, errors: parsed.errors, values: parsed.values };
  const viewer = ctx.viewer;
  if (!viewer) return fail(404, "_form", "saved:error.notFound", {});
  const { params, invalid } = readSearchParams(new URL(`/search?${parsed.data.query}`, "http://x"));
  const query = canonicalQuery(params);
  const values = { name: parsed.data.name, query: parsed.data.query, alert: parsed.data.alert };
  if (invalid.length || query.length === 0 || query === "sort=newest" || query === "sort=relevance") return fail(400, "query", "saved:error.query", values);
  const r = await insertSavedSearch(ctx.db, viewer.id, { name: parsed.data.name, query, alert: parsed.data.alert }, ctx.now);
  return { ok: true, ...r };
}

/** Signed-in people: their saved searches, by name. */
export async function mySavedSearches(ctx: DomainCtx): Promise<SavedSearch[]> {
  if (!ctx.viewer) return [];
  return (await savedSearchesOf(ctx.db, ctx.viewer.id)).map(view);
}

/** Signed-in people: one of their own saved searches (null: none, or someone else's). */
export async function mySavedSearch(ctx: DomainCtx, id: string): Promise<SavedSearch | null> {
  if (!ctx.viewer || !/^\d{1,18}$/.test(id)) return null;
  const r = await savedSearchOf(ctx.db, ctx.viewer.id, id);
  return r ? view(r) : null;
}

/** Signed-in people: renames, re-alerts or deletes one of their own saved searches (`intent`). */
export async function changeSavedSearch(ctx: DomainCtx, intent: string, form: FormData): Promise<SavedResult> {
  const viewer = ctx.viewer;
  const schema = intent === "rename" ? renameSchema : intent === "alert" ? alertSchema : intent === "delete" ? deleteSchema : null;
  if (!schema) return fail(400, "_form", "saved:error.intent", {});
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return { ok: false, status: 400, errors: parsed.errors, values: parsed.values };
  if (!viewer) return fail(404, "_form", "saved:error.notFound", {});
  const d = parsed.data as { id: string; name?: string; alert?: Alert };
  const done = intent === "delete"
    ? await deleteSavedSearch(ctx.db, viewer.id, d.id)
    : await updateSavedSearch(ctx.db, viewer.id, d.id, intent === "rename" ? { name: d.name } : { alert: d.alert }, ctx.now);
  if (!done) return fail(404, "_form", "saved:error.notFound", {});
  return { ok: true, id: d.id, created: false };
}
