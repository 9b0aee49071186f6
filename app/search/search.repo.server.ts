import { sql } from "kysely";
import type { DB } from "../../db/client";
import { indexableThreads, listedCases, listedThreads, type Viewer } from "../policy";

/** Every tag with its names and synonyms (tags are network-wide and public), for tag: values. */
export function allTags(db: DB) {
  return db.selectFrom("tags").select(["slug", "name_sv", "name_en", "synonyms"]).execute();
}

/** Organisation ids by slug (the directory is public). */
export async function orgIdsBySlug(db: DB, slugs: string[]) {
  if (slugs.length === 0) return [];
  return db.selectFrom("organisations").select(["id", "slug"]).where("slug", "in", slugs).execute();
}

/** Names and slugs of every organisation (for hits and the organisation facet). */
export function allOrganisations(db: DB) {
  return db.selectFrom("organisations").select(["id", "slug", "name"]).execute();
}

/** Tag names by slug (tags are network-wide and public). */
export async function tagNames(db: DB, slugs: string[]) {
  if (slugs.length === 0) return [];
  return db.selectFrom("tags").select(["slug", "name_sv", "name_en"]).where("slug", "in", slugs).execute();
}

/** The authors of hits already shown (names link to profiles), keyed "type:id". */
export async function hitAuthors(db: DB, hits: { type: "thread" | "post" | "case"; id: string }[]) {
  const ids = (type: string) => hits.filter((h) => h.type === type).map((h) => h.id);
  const [threads, posts, cases] = [ids("thread"), ids("post"), ids("case")];
  const q = (table: "threads" | "posts" | "cases", col: "author_id" | "created_by", list: string[]) =>
    list.length
      ? db.selectFrom(`${table} as x` as "threads as x").innerJoin("users as u", "u.id", `x.${col}` as "x.author_id")
          .select(["x.id", "u.handle", "u.name"]).where("x.id", "in", list).execute()
      : Promise.resolve([]);
  const [t, p, c] = await Promise.all([q("threads", "author_id", threads), q("posts", "author_id", posts), q("cases", "created_by", cases)]);
  const out = new Map<string, { handle: string; name: string }>();
  for (const [type, rows] of [["thread", t], ["post", p], ["case", c]] as const) for (const r of rows) out.set(`${type}:${r.id}`, { handle: r.handle, name: r.name });
  return out;
}

/**
 * For the visibility badge on hits the viewer was already allowed: the names of the organisations
 * each thread (a reply's: its thread's) or case is shared with. Keyed "thread:<id>" / "case:<id>".
 */
export async function hitSharedNames(db: DB, threadIds: string[], caseIds: string[]) {
  const q = (table: "threads" | "cases", list: string[]) =>
    list.length
      ? db.selectFrom(`${table} as x` as "threads as x")
          .select(["x.id"])
          .select(sql<string[]>`(SELECT coalesce(array_agg(so.name ORDER BY so.name), '{}') FROM organisations so WHERE so.id = ANY(x.shared_org_ids))`.as("names"))
          .where("x.id", "in", list).execute()
      : Promise.resolve([]);
  const [t, c] = await Promise.all([q("threads", threadIds), q("cases", caseIds)]);
  const out = new Map<string, string[]>();
  for (const r of t) out.set(`thread:${r.id}`, r.names);
  for (const r of c) out.set(`case:${r.id}`, r.names);
  return out;
}

/** Drops the search revision log's rows older than `before`, keeping the newest (housekeeping). */
export async function pruneSearchChanges(db: DB, before: Date) {
  const newest = db.selectFrom("search_changes").select((eb) => eb.fn.max("id").as("id"));
  await db.deleteFrom("search_changes").where("at", "<", before).where("id", "<", newest).execute();
}

/**
 * Title suggestions' re-check against PostgreSQL: of these threads and cases, the ones the viewer
 * may list now (app/policy's listedThreads / listedCases) and that are live, with their current titles.
 */
export async function listedTitles(db: DB, viewer: Viewer | null, threadIds: string[], caseIds: string[]) {
  const [threads, cases] = await Promise.all([
    threadIds.length
      ? db.selectFrom("threads as t").select(["t.id", "t.title", "t.slug", "t.kind"]).where("t.id", "in", threadIds)
          .where(() => listedThreads(viewer, "t")).where(() => indexableThreads("t")).execute()
      : [],
    caseIds.length
      ? db.selectFrom("cases as c").select(["c.id", "c.title", "c.slug"]).where("c.id", "in", caseIds).where(() => listedCases(viewer, "c")).execute()
      : [],
  ]);
  return { threads, cases };
}
