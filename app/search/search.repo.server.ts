import type { DB } from "../../db/client";

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
