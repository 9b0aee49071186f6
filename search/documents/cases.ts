import type { Kysely } from "kysely";
import type { Database } from "../../db/types";
import type { SearchDocument } from "../types";
import { isIndexableCase } from "../../app/policy/readable";

type Db = Kysely<Database>;

/** The document for a published case study, or null for drafts, deleted and hidden cases. */
export async function buildCaseDocument(db: Db, id: string): Promise<SearchDocument | null> {
  const c = await db.selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirst();
  if (!c || !isIndexableCase(c)) return null;
  const tags = await db
    .selectFrom("case_tags as ct")
    .innerJoin("tags as g", "g.id", "ct.tag_id")
    .select(["g.slug", "g.name_sv", "g.name_en", "g.synonyms", "g.area"])
    .where("ct.case_id", "=", id)
    .orderBy("g.slug")
    .execute();
  const body = [c.problem, c.approach, c.outcomes, c.lessons, c.department, c.suppliers, c.tool, c.data_used, c.reuse_needs]
    .filter(Boolean)
    .join("\n");
  const areas = [...new Set([...(c.area ? [c.area] : []), ...tags.map((t) => t.area)])];
  return {
    type: "case", id: c.id, kind: "case", groupKey: `case:${c.id}`, parentId: null, slug: c.slug, path: `/cases/${c.id}-${c.slug}`,
    title: c.title, parentTitle: "", summary: c.summary, body: body.slice(0, 100_000),
    tags: tags.map((t) => t.slug), tagText: tags.map((t) => [t.name_sv, t.name_en, ...t.synonyms].join(" ")).join(" · "),
    areas, orgId: c.org_id, visibility: c.visibility, sharedOrgIds: c.shared_org_ids.map(String),
    status: c.status, solved: null, accepted: false, replyCount: 0, language: c.language,
    createdAt: c.published_at ?? c.created_at, updatedAt: c.updated_at,
  };
}

/** The case's discussion thread, whose title names the case (its documents follow the case's state). */
export async function discussionThreadOf(db: Db, caseId: string): Promise<string | null> {
  const c = await db.selectFrom("cases").select("discussion_thread_id").where("id", "=", caseId).executeTakeFirst();
  return c?.discussion_thread_id ?? null;
}
