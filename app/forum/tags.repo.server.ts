import { sql } from "kysely";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";
import type { TagArea } from "../../db/types/forum";
import type { Transaction } from "kysely";
import { listedThreads, readableTags, type Viewer } from "../policy";

type Db = DB | Transaction<Database>;

const TAG_COLS = ["tg.id", "tg.slug", "tg.name_sv", "tg.name_en", "tg.area", "tg.description", "tg.synonyms", "tg.merged_into_id"] as const;

/** Live tags with the number of threads this viewer may read (the listing rule: listedThreads). */
export function listTagsWithCounts(db: Db, viewer: Viewer | null) {
  return db
    .selectFrom("tags as tg")
    .where(() => readableTags("tg"))
    .select([...TAG_COLS])
    .select((eb) =>
      eb
        .selectFrom("thread_tags as tt")
        .innerJoin("threads as t", "t.id", "tt.thread_id")
        .whereRef("tt.tag_id", "=", "tg.id")
        .where(() => listedThreads(viewer, "t"))
        .select((e) => e.fn.countAll<string>().as("n"))
        .as("thread_count"),
    )
    .execute();
}

export function findTagBySlug(db: Db, slug: string) {
  return db.selectFrom("tags as tg").select([...TAG_COLS]).where("tg.slug", "=", slug).executeTakeFirst();
}

/** Tags matching any of the given words by slug, Swedish/English name or synonym (case-insensitive). */
export function findTagsByWords(db: Db, words: string[]) {
  const lower = words.map((w) => w.toLowerCase());
  return db
    .selectFrom("tags as tg")
    .select([...TAG_COLS])
    .where((eb) =>
      eb.or([
        eb("tg.slug", "in", lower),
        eb(eb.fn("lower", ["tg.name_sv"]), "in", lower),
        eb(eb.fn("lower", ["tg.name_en"]), "in", lower),
        sql<boolean>`tg.synonyms && ${lower}::text[]`,
      ]),
    )
    .execute();
}

export function insertTag(
  db: Db,
  t: { slug: string; nameSv: string; nameEn: string; description: string; area: TagArea; synonyms: string[]; createdBy: string | null },
) {
  return db
    .insertInto("tags")
    .values({ slug: t.slug, name_sv: t.nameSv, name_en: t.nameEn, description: t.description, area: t.area, synonyms: t.synonyms, created_by: t.createdBy })
    .onConflict((oc) => oc.column("slug").doNothing())
    .returning(["id", "slug"])
    .executeTakeFirst();
}

export function updateTagRow(db: Db, id: string, t: { nameSv: string; nameEn: string; description: string; synonyms: string[] }, now: Date) {
  return db
    .updateTable("tags")
    .set({ name_sv: t.nameSv, name_en: t.nameEn, description: t.description, synonyms: t.synonyms, updated_at: now })
    .where("id", "=", id)
    .execute();
}

/** Moves every thread from one tag to another and keeps the old names as synonyms. Returns the moved thread ids. */
export async function mergeTagRows(db: Transaction<Database>, fromId: string, intoId: string, names: string[], now: Date): Promise<string[]> {
  const moved = await db.selectFrom("thread_tags").select("thread_id").where("tag_id", "=", fromId).execute();
  await sql`INSERT INTO thread_tags (thread_id, tag_id) SELECT thread_id, ${intoId} FROM thread_tags WHERE tag_id = ${fromId} ON CONFLICT DO NOTHING`.execute(db);
  await db.deleteFrom("thread_tags").where("tag_id", "=", fromId).execute();
  await sql`UPDATE tags SET synonyms = ARRAY(SELECT DISTINCT unnest(synonyms || ${names}::text[])), updated_at = ${now} WHERE id = ${intoId}`.execute(db);
  await db.updateTable("tags").set({ merged_into_id: intoId, synonyms: [], updated_at: now }).where("id", "=", fromId).execute();
  await db.updateTable("tags").set({ merged_into_id: intoId }).where("merged_into_id", "=", fromId).execute();
  return moved.map((m) => m.thread_id);
}

export function tagsOfThreads(db: Db, threadIds: string[]) {
  if (threadIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("thread_tags as tt")
    .innerJoin("tags as tg", "tg.id", "tt.tag_id")
    .select(["tt.thread_id", "tg.slug", "tg.name_sv", "tg.name_en", "tg.area"])
    .where("tt.thread_id", "in", threadIds)
    .orderBy("tg.name_sv")
    .execute();
}

export function findTagSlugById(db: Db, id: string) {
  return db.selectFrom("tags").select("slug").where("id", "=", id).executeTakeFirst();
}

/**
 * Live tags (readableTags: a merged tag is never offered, its names are synonyms of the tag it
 * became) whose slug, Swedish or English name or a synonym starts with the prefix, or whose name
 * contains a word starting with it. The prefix is matched literally (LIKE wildcards escaped).
 */
export function findTagsByPrefix(db: Db, prefix: string, limit: number) {
  const p = prefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  const starts = `${p}%`;
  const word = `% ${p}%`;
  return db
    .selectFrom("tags as tg")
    .where(() => readableTags("tg"))
    .where((eb) =>
      eb.or([
        eb("tg.slug", "like", starts),
        eb(eb.fn("lower", ["tg.name_sv"]), "like", starts),
        eb(eb.fn("lower", ["tg.name_en"]), "like", starts),
        eb(eb.fn("lower", ["tg.name_sv"]), "like", word),
        eb(eb.fn("lower", ["tg.name_en"]), "like", word),
        sql<boolean>`EXISTS (SELECT 1 FROM unnest(tg.synonyms) s WHERE s LIKE ${starts})`,
      ]),
    )
    .select([...TAG_COLS])
    .orderBy("tg.name_sv")
    .limit(limit)
    .execute();
}
