import { once } from "../lib/idempotency.server";
import type { DomainCtx } from "../lib/ctx.server";
import { canCreateTag, canManageTags } from "../policy";
import { recordSearchChange } from "../../search/outbox";
import type { TagArea } from "../../db/types/forum";
import { tagRef } from "./mappers";
import { check, fail, type Result } from "./result";
import { createTagSchema, mergeTagSchema, updateTagSchema, type CreateTagInput, type UpdateTagInput } from "./schemas";
import { findTagBySlug, findTagSlugById, findTagsByPrefix, findTagsByWords, insertTag, listTagsWithCounts, mergeTagRows, updateTagRow } from "./tags.repo.server";
import { TAG_AREAS, type TagSuggestion, type TagSummary } from "./types";
import type { DB } from "../../db/client";

type TagRowLike = { id: string; slug: string; name_sv: string; name_en: string; area: TagArea; description: string; synonyms: string[]; merged_into_id: string | null };

const summary = (r: TagRowLike, count: number): TagSummary => ({ ...tagRef(r), id: r.id, description: r.description, synonyms: r.synonyms, threadCount: count });

/**
 * Maps what a writer typed (slugs, Swedish or English names, synonyms) to live tag ids; a merged
 * tag resolves to the tag it became. Unknown words come back so the form can name them.
 */
export async function resolveTags(db: DB, words: string[]): Promise<{ ids: string[]; unknown: string[] }> {
  const rows = await findTagsByWords(db, words);
  const ids = new Set<string>();
  const unknown: string[] = [];
  for (const w of words) {
    const l = w.toLowerCase();
    const hit = rows.find((r) => r.slug === l || r.name_sv.toLowerCase() === l || r.name_en.toLowerCase() === l || r.synonyms.includes(l));
    if (!hit) unknown.push(w);
    else ids.add(hit.merged_into_id ?? hit.id);
  }
  return { ids: [...ids], unknown };
}

/** Anyone: live tags grouped by area, counting only threads the viewer may read. */
export async function listTagsByArea(ctx: DomainCtx): Promise<{ area: TagArea; tags: TagSummary[] }[]> {
  const rows = await listTagsWithCounts(ctx.db, ctx.viewer);
  const col = ctx.viewer?.locale === "en" ? "name_en" : "name_sv";
  return TAG_AREAS.map((area) => ({
    area,
    tags: rows
      .filter((r) => r.area === area)
      .sort((a, b) => a[col].localeCompare(b[col], "sv"))
      .map((r) => summary(r, Number(r.thread_count ?? 0))),
  })).filter((g) => g.tags.length > 0);
}

/** Anyone: one tag by slug; a merged tag answers with where it went (`redirectTo`). */
export async function getTag(ctx: DomainCtx, slug: string): Promise<{ tag: TagSummary; redirectTo: string | null } | null> {
  const row = await findTagBySlug(ctx.db, slug);
  if (!row) return null;
  if (row.merged_into_id) {
    const into = await findTagSlugById(ctx.db, row.merged_into_id);
    return into ? { tag: summary(row, 0), redirectTo: into.slug } : null;
  }
  return { tag: summary(row, 0), redirectTo: null };
}

/** Ambassadors and above: creates a tag (its slug must be new; its words must not already name a tag). */
export async function createTag(ctx: DomainCtx, input: CreateTagInput, opts: { submission?: string | null } = {}): Promise<Result<{ slug: string }>> {
  if (!canCreateTag(ctx.viewer)) return fail("_form", "forum:errors.notAllowed");
  const parsed = check(createTagSchema, input);
  if (!parsed.ok) return parsed;
  const d = parsed.data;
  const clash = await findTagsByWords(ctx.db, [d.slug, d.nameSv, d.nameEn, ...d.synonyms]);
  if (clash.length) return fail("slug", "forum:errors.tagExists", { name: clash[0].name_sv });
  // A resend of the same form answers the tag it made (not "this tag exists").
  return ctx.db.transaction().execute((trx) => once(trx, { actor: ctx.viewer!.id, form: "tag", token: opts.submission, payload: d }, async () => {
    const row = await insertTag(trx, { ...d, area: d.area as TagArea, createdBy: ctx.viewer!.id });
    if (!row) return fail("slug", "forum:errors.tagExists", { name: d.slug });
    return { ok: true as const, slug: row.slug };
  }));
}

/** Moderators: renames a tag, edits its description and synonyms. */
export async function updateTag(ctx: DomainCtx, slug: string, input: UpdateTagInput): Promise<Result> {
  if (!canManageTags(ctx.viewer)) return fail("_form", "forum:errors.notAllowed");
  const parsed = check(updateTagSchema, input);
  if (!parsed.ok) return parsed;
  const row = await findTagBySlug(ctx.db, slug);
  if (!row || row.merged_into_id) return fail("_form", "forum:errors.tagMissing");
  const d = parsed.data;
  const clash = (await findTagsByWords(ctx.db, [d.nameSv, d.nameEn, ...d.synonyms])).filter((r) => r.id !== row.id && !r.merged_into_id);
  if (clash.length) return fail("synonyms", "forum:errors.tagExists", { name: clash[0].name_sv });
  await updateTagRow(ctx.db, row.id, d, ctx.now);
  return { ok: true };
}

/** Moderators: merges one tag into another; its threads move and its names become synonyms. */
export async function mergeTag(ctx: DomainCtx, slug: string, input: { into: string }): Promise<Result<{ slug: string }>> {
  if (!canManageTags(ctx.viewer)) return fail("_form", "forum:errors.notAllowed");
  const parsed = check(mergeTagSchema, input);
  if (!parsed.ok) return parsed;
  const from = await findTagBySlug(ctx.db, slug);
  const { ids } = await resolveTags(ctx.db, [parsed.data.into]);
  if (!from || from.merged_into_id) return fail("_form", "forum:errors.tagMissing");
  if (ids.length !== 1 || ids[0] === from.id) return fail("into", "forum:errors.unknownTags", { tags: parsed.data.into });
  const into = ids[0];
  const names = [...new Set([from.slug, from.name_sv.toLowerCase(), from.name_en.toLowerCase(), ...from.synonyms])];
  await ctx.db.transaction().execute(async (trx) => {
    const moved = await mergeTagRows(trx, from.id, into, names, ctx.now);
    for (const id of moved) await recordSearchChange(trx, "thread", id, "upsert");
  });
  const target = await findTagSlugById(ctx.db, into);
  return { ok: true, slug: target?.slug ?? slug };
}


/**
 * Anyone: live tags for what is being typed (a name, slug or synonym, from two characters), for
 * tag entry's autocomplete; a synonym hit names the synonym. `exact` says the text already names
 * the tag (so no "not a tag" note). Tags are readable by everyone; merged tags are left out.
 */
export async function suggestTags(ctx: DomainCtx, text: string): Promise<{ tags: TagSuggestion[]; canCreate: boolean }> {
  const q = text.trim().slice(0, 60);
  const canCreate = canCreateTag(ctx.viewer);
  if (q.length < 2) return { tags: [], canCreate };
  const l = q.toLowerCase();
  const en = ctx.viewer?.locale === "en";
  const rows = await findTagsByPrefix(ctx.db, q, 8);
  const tags = rows.map((r) => {
    const name = en ? r.name_en : r.name_sv;
    const named = [r.slug, r.name_sv.toLowerCase(), r.name_en.toLowerCase()];
    const synonym = named.some((n) => n.startsWith(l) || n.includes(` ${l}`)) ? null : (r.synonyms.find((s) => s.startsWith(l)) ?? null);
    return { slug: r.slug, name, synonym, exact: named.includes(l) || r.synonyms.includes(l) };
  });
  // Exact hits first, then the order of the names.
  return { tags: [...tags.filter((t) => t.exact), ...tags.filter((t) => !t.exact)], canCreate };
}
