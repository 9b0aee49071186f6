import { sql, type Expression, type Insertable, type Kysely, type RawBuilder, type SqlBool, type Transaction, type Updateable } from "kysely";
import type { DB } from "../../db/client";
import type { Database } from "../../db/types";
import type { CasesTable } from "../../db/types/cases";
import { listedCases, readableCases, type Viewer } from "../policy";
import type { ListQuery } from "./schemas";
import type { FacetKey } from "./types";

// All SQL for case studies. Every list and count goes through visibleTo.

export type Q = Kysely<Database> | Transaction<Database>;
export type NewCase = Insertable<CasesTable>;
export type CaseChanges = Updateable<CasesTable>;

const caseColumns = [
  "c.id", "c.org_id", "c.visibility", "c.shared_org_ids", "c.state", "c.language", "c.title", "c.slug", "c.summary",
  "c.department", "c.suppliers", "c.area", "c.techniques", "c.tool", "c.status", "c.start_date", "c.last_updated",
  "c.review_by", "c.problem", "c.approach", "c.outcomes", "c.evaluated", "c.evaluation_method", "c.lessons",
  "c.personal_data", "c.dpia_done", "c.ai_act_risk", "c.info_classification", "c.human_oversight", "c.data_used",
  "c.reuse_needs", "c.contact_user_id", "c.functional_mailbox", "c.source_thread_id", "c.discussion_thread_id",
  "c.created_by", "c.created_at", "c.updated_at", "c.published_at", "c.deleted_at", "c.hidden_at", "c.hidden_reason",
  "c.outdated_note",
] as const;

function withOrgAndCounts(db: Q) {
  return db
    .selectFrom("cases as c")
    .innerJoin("organisations as o", "o.id", "c.org_id")
    .select(caseColumns)
    .select(["o.name as org_name", "o.slug as org_slug"])
    .select(sql<string>`(SELECT count(*) FROM adoptions a WHERE a.case_id = c.id)`.as("adoption_count"))
    // For the visibility badge: the names of the organisations it is shared with.
    .select(sql<string[]>`(SELECT coalesce(array_agg(so.name ORDER BY so.name), '{}') FROM organisations so WHERE so.id = ANY(c.shared_org_ids))`.as("shared_org_names"));
}
export type CaseRow = Awaited<ReturnType<typeof findCaseRow>> & {};

export function findCaseRow(db: Q, id: string) {
  return withOrgAndCounts(db).where("c.id", "=", id).executeTakeFirst();
}

export function findCaseRows(db: Q, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return withOrgAndCounts(db).where("c.id", "in", ids).execute();
}

export async function insertCase(trx: Q, values: NewCase) {
  const row = await trx.insertInto("cases").values(values).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCase(trx: Q, id: string, values: CaseChanges) {
  await trx.updateTable("cases").set(values).where("id", "=", id).execute();
}

export async function softDeleteCase(trx: Q, id: string, at: Date) {
  await trx.updateTable("cases").set({ deleted_at: at }).where("id", "=", id).execute();
}

export async function replaceChildren(
  trx: Q,
  caseId: string,
  c: { partners: string[]; figures: { label: string; value: string; unit: string }[]; links: { label: string; url: string }[]; tagIds: string[] },
) {
  await trx.deleteFrom("case_partners").where("case_id", "=", caseId).execute();
  await trx.deleteFrom("case_figures").where("case_id", "=", caseId).execute();
  await trx.deleteFrom("case_links").where("case_id", "=", caseId).execute();
  await trx.deleteFrom("case_tags").where("case_id", "=", caseId).execute();
  if (c.partners.length) await trx.insertInto("case_partners").values(c.partners.map((org_id) => ({ case_id: caseId, org_id }))).execute();
  if (c.figures.length) await trx.insertInto("case_figures").values(c.figures.map((f, position) => ({ case_id: caseId, position, ...f }))).execute();
  if (c.links.length) await trx.insertInto("case_links").values(c.links.map((l, position) => ({ case_id: caseId, position, ...l }))).execute();
  if (c.tagIds.length) await trx.insertInto("case_tags").values(c.tagIds.map((tag_id) => ({ case_id: caseId, tag_id }))).execute();
}

/** Partners, shares, figures, links and tags for a batch of cases. */
export async function childrenOf(db: Q, ids: string[]) {
  if (!ids.length) return { partners: [], figures: [], links: [], tags: [] };
  const [partners, figures, links, tags] = await Promise.all([
    db.selectFrom("case_partners as p").innerJoin("organisations as o", "o.id", "p.org_id")
      .select(["p.case_id", "o.id", "o.name", "o.slug"]).where("p.case_id", "in", ids).orderBy("o.name").execute(),
    db.selectFrom("case_figures").select(["case_id", "label", "value", "unit"]).where("case_id", "in", ids).orderBy("position").execute(),
    db.selectFrom("case_links").select(["case_id", "label", "url"]).where("case_id", "in", ids).orderBy("position").execute(),
    db.selectFrom("case_tags as ct").innerJoin("tags as g", "g.id", "ct.tag_id")
      .select(["ct.case_id", "g.id", "g.slug", "g.name_sv", "g.name_en"]).where("ct.case_id", "in", ids).orderBy("g.slug").execute(),
  ]);
  return { partners, figures, links, tags };
}

export function organisationsByIds(db: Q, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom("organisations").select(["id", "name", "slug"]).where("id", "in", ids).execute();
}

export function allOrganisations(db: Q) {
  return db.selectFrom("organisations").select(["id", "name", "slug"]).execute();
}

export function allTags(db: Q) {
  return db.selectFrom("tags").select(["id", "slug", "name_sv", "name_en", "area"]).where("merged_into_id", "is", null).orderBy("area").orderBy("slug").execute();
}

export async function existingTagIds(db: Q, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom("tags").select("id").where("id", "in", ids).where("merged_into_id", "is", null).execute();
  return rows.map((r) => r.id);
}

/** An active person with at least one membership, by email. */
export function findMemberByEmail(db: Q, email: string) {
  return db
    .selectFrom("users as u")
    .select(["u.id", "u.name", "u.email", "u.handle"])
    .where(sql<SqlBool>`lower(u.email) = ${email.toLowerCase()}`)
    .where("u.deactivated_at", "is", null)
    .where((eb) => eb.exists(eb.selectFrom("memberships as m").select("m.user_id").whereRef("m.user_id", "=", "u.id")))
    .executeTakeFirst();
}

export function findUser(db: Q, id: string) {
  return db.selectFrom("users").select(["id", "name", "email", "handle"]).where("id", "=", id).executeTakeFirst();
}

export async function insertRevision(trx: Q, r: { caseId: string; editorId: string | null; action: string; snapshot: Record<string, unknown>; at: Date }): Promise<string> {
  const row = await trx
    .insertInto("case_revisions")
    .values({ case_id: r.caseId, editor_id: r.editorId, action: r.action, snapshot: JSON.stringify(r.snapshot), created_at: r.at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return String(row.id);
}

export function revisionsOf(db: Q, caseId: string) {
  return db
    .selectFrom("case_revisions as r")
    .leftJoin("users as u", "u.id", "r.editor_id")
    .select(["r.id", "r.action", "r.snapshot", "r.created_at", "u.name as editor_name"])
    .where("r.case_id", "=", caseId)
    .orderBy("r.id", "desc")
    .execute();
}

// ---- listing, facets, exports ----------------------------------------------------------------

const ref = (c: string) => sql.ref(`c.${c}`);
const anyOf = (col: string, values: string[]) => sql<SqlBool>`${ref(col)} = ANY(${values}::text[])`;

/** The listing rule (policy listedCases): published, not hidden, not deleted, readable by the viewer. */
const listed = (viewer: Viewer | null): Expression<SqlBool>[] => [listedCases(viewer, "c")];

/** The filter conditions of a list query, leaving out one facet (for its own counts). */
export function filterConditions(f: Omit<ListQuery, "sort" | "page">, except?: FacetKey): RawBuilder<SqlBool>[] {
  const out: RawBuilder<SqlBool>[] = [];
  if (f.area.length && except !== "area") out.push(anyOf("area", f.area));
  if (f.status.length && except !== "status") out.push(anyOf("status", f.status));
  if (f.evaluated.length && except !== "evaluated") out.push(anyOf("evaluated", f.evaluated));
  if (f.risk.length && except !== "risk") out.push(anyOf("ai_act_risk", f.risk));
  if (f.technique.length && except !== "technique") out.push(sql<SqlBool>`c.techniques && ${f.technique}::text[]`);
  if (f.org.length && except !== "org") out.push(sql<SqlBool>`c.org_id = ANY(${f.org}::bigint[])`);
  if (f.tag.length && except !== "tag") {
    out.push(sql<SqlBool>`EXISTS (SELECT 1 FROM case_tags ct WHERE ct.case_id = c.id AND ct.tag_id = ANY(${f.tag}::bigint[]))`);
  }
  if (f.q) {
    out.push(sql<SqlBool>`strpos(lower(c.title || ' ' || c.summary || ' ' || c.tool), lower(${f.q})) > 0`);
  }
  return out;
}

export function listPublished(db: Q, viewer: Viewer | null, f: ListQuery, limit: number, offset: number) {
  const conds = [...listed(viewer), ...filterConditions(f)];
  let q = withOrgAndCounts(db).where((eb) => eb.and(conds));
  q = f.sort === "adoptions"
    ? q.orderBy(sql`adoption_count`, "desc").orderBy(sql`c.last_updated DESC NULLS LAST`).orderBy("c.id", "desc")
    : q.orderBy(sql`c.last_updated DESC NULLS LAST`).orderBy("c.id", "desc");
  return q.limit(limit).offset(offset).execute();
}

/** The same listed cases as listPublished, newest id first, after a keyset (the API's cursor pages). */
export function listPublishedKeyset(db: Q, viewer: Viewer | null, f: ListQuery, limit: number, beforeId?: string) {
  const conds = [...listed(viewer), ...filterConditions(f)];
  if (beforeId) conds.push(sql<SqlBool>`c.id < ${beforeId}::bigint`);
  return withOrgAndCounts(db).where((eb) => eb.and(conds)).orderBy("c.id", "desc").limit(limit).execute();
}

export async function countPublished(db: Q, viewer: Viewer | null, f: ListQuery) {
  const conds = [...listed(viewer), ...filterConditions(f)];
  const row = await db.selectFrom("cases as c").select((eb) => eb.fn.countAll<string>().as("n")).where((eb) => eb.and(conds)).executeTakeFirstOrThrow();
  return Number(row.n);
}

const FACET_VALUE: Record<Exclude<FacetKey, "tag" | "org" | "technique">, string> = {
  area: "area", status: "status", evaluated: "evaluated", risk: "ai_act_risk",
};

/** Counts per value of one facet over the cases the viewer may read, with the other filters applied. */
export async function facetCounts(db: Q, viewer: Viewer | null, f: ListQuery, key: FacetKey) {
  const where = sql.join([...listed(viewer), ...filterConditions(f, key)], sql` AND `);
  let query: RawBuilder<{ value: string; label: string | null; label_en: string | null; n: string }>;
  if (key === "technique") {
    query = sql`SELECT t.value, NULL AS label, NULL AS label_en, count(*) AS n FROM cases c, unnest(c.techniques) AS t(value)
                WHERE ${where} GROUP BY t.value`;
  } else if (key === "org") {
    query = sql`SELECT c.org_id::text AS value, o.name AS label, NULL AS label_en, count(*) AS n
                FROM cases c JOIN organisations o ON o.id = c.org_id WHERE ${where} GROUP BY c.org_id, o.name`;
  } else if (key === "tag") {
    query = sql`SELECT g.id::text AS value, g.name_sv AS label, g.name_en AS label_en, count(*) AS n
                FROM cases c JOIN case_tags ct ON ct.case_id = c.id JOIN tags g ON g.id = ct.tag_id
                WHERE ${where} GROUP BY g.id, g.name_sv, g.name_en`;
  } else {
    const col = sql.ref(`c.${FACET_VALUE[key]}`);
    query = sql`SELECT ${col} AS value, NULL AS label, NULL AS label_en, count(*) AS n FROM cases c
                WHERE ${where} AND ${col} IS NOT NULL GROUP BY ${col}`;
  }
  const { rows } = await query.execute(db);
  return rows;
}

/** Every published case the viewer may read, oldest first (exports). */
export function exportRows(db: Q, viewer: Viewer | null) {
  return withOrgAndCounts(db).where((eb) => eb.and(listed(viewer))).orderBy("c.id").execute();
}

/** Latest published cases the viewer may read. */
export function latestRows(db: Q, viewer: Viewer | null, n: number) {
  return withOrgAndCounts(db)
    .where((eb) => eb.and(listed(viewer)))
    .orderBy(sql`coalesce(c.published_at, c.updated_at) DESC`)
    .orderBy("c.id", "desc")
    .limit(n)
    .execute();
}

/**
 * An organisation's cases the viewer may read (policy readableCases: its editors also see drafts
 * and hidden ones); deleted cases appear in no list.
 */
export function orgCaseRows(db: Q, viewer: Viewer | null, orgId: string) {
  return withOrgAndCounts(db)
    .where("c.org_id", "=", orgId)
    .where("c.deleted_at", "is", null)
    .where(() => readableCases(viewer, "c"))
    .orderBy(sql`c.last_updated DESC NULLS LAST`)
    .orderBy("c.id", "desc")
    .execute();
}

/** Published cases past their review-by date (optionally of one organisation), before the policy check. */
export function pastReviewRows(db: Q, viewer: Viewer | null, today: string, orgId?: string) {
  let q = withOrgAndCounts(db)
    .where(sql<SqlBool>`c.state = 'published'`)
    .where("c.deleted_at", "is", null)
    .where(sql<SqlBool>`c.review_by < ${today}::date`)
    .where(() => readableCases(viewer, "c"));
  if (orgId) q = q.where("c.org_id", "=", orgId);
  return q.orderBy("c.review_by").orderBy("c.id").limit(200).execute();
}

// ---- adoptions --------------------------------------------------------------------------------

function adoptionQuery(db: Q) {
  return db
    .selectFrom("adoptions as a")
    .innerJoin("organisations as ao", "ao.id", "a.org_id")
    .innerJoin("cases as c", "c.id", "a.case_id")
    .innerJoin("organisations as co", "co.id", "c.org_id")
    .innerJoin("users as u", "u.id", "a.created_by")
    .leftJoin("cases as d", "d.id", "a.derived_case_id")
    .select([
      "a.id", "a.case_id", "a.org_id", "a.status", "a.adopted_on", "a.note", "a.derived_case_id", "a.created_by",
      "ao.name as org_name", "ao.slug as org_slug", "c.title as case_title", "c.slug as case_slug",
      "c.org_id as case_org_id", "co.name as case_org_name", "co.slug as case_org_slug", "u.name as created_by_name",
      "d.title as derived_title", "d.slug as derived_slug", "d.org_id as derived_org_id", "d.visibility as derived_visibility",
      "d.shared_org_ids as derived_shared_org_ids", "d.state as derived_state", "d.hidden_at as derived_hidden_at",
      "d.deleted_at as derived_deleted_at",
    ]);
}
export type AdoptionRow = Awaited<ReturnType<typeof adoptionsOfCase>>[number];

export function adoptionsOfCase(db: Q, caseId: string) {
  return adoptionQuery(db).where("a.case_id", "=", caseId).orderBy("a.adopted_on", "desc").orderBy("a.id", "desc").execute();
}

/** Adoptions by an organisation, or of its cases, whose case the viewer may read. */
export function adoptionsForOrg(db: Q, viewer: Viewer | null, orgId: string, side: "by" | "of") {
  return adoptionQuery(db)
    .where(side === "by" ? "a.org_id" : "c.org_id", "=", orgId)
    .where((eb) => eb.and(listed(viewer)))
    .orderBy("a.adopted_on", "desc")
    .orderBy("a.id", "desc")
    .execute();
}

export function findAdoption(db: Q, id: string) {
  return adoptionQuery(db).where("a.id", "=", id).executeTakeFirst();
}

export async function upsertAdoption(
  trx: Q,
  a: { caseId: string; orgId: string; status: "adopted" | "trying"; adoptedOn: string; note: string; derivedCaseId: string | null; createdBy: string; at: Date },
) {
  const row = await trx
    .insertInto("adoptions")
    .values({ case_id: a.caseId, org_id: a.orgId, status: a.status, adopted_on: a.adoptedOn, note: a.note, derived_case_id: a.derivedCaseId, created_by: a.createdBy, created_at: a.at, updated_at: a.at })
    .onConflict((oc) =>
      oc.columns(["case_id", "org_id"]).doUpdateSet({ status: a.status, adopted_on: a.adoptedOn, note: a.note, derived_case_id: a.derivedCaseId, updated_at: a.at }),
    )
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteAdoption(trx: Q, id: string) {
  await trx.deleteFrom("adoptions").where("id", "=", id).execute();
}

// ---- threads (promotion) ----------------------------------------------------------------------

// A thread with what the complete read rule needs (threadFacts): its state and the case it discusses.
function threadWithFacts(db: Q) {
  return db
    .selectFrom("threads as t")
    .leftJoin("cases as dc", "dc.discussion_thread_id", "t.id")
    .select([
      "t.id", "t.org_id", "t.visibility", "t.shared_org_ids", "t.kind", "t.author_id", "t.deleted_at", "t.hidden_at", "t.locked_at",
      "dc.org_id as dc_org_id", "dc.visibility as dc_visibility", "dc.shared_org_ids as dc_shared_org_ids", "dc.state as dc_state",
      "dc.hidden_at as dc_hidden_at", "dc.deleted_at as dc_deleted_at",
    ])
    .orderBy("dc.id");
}

/** A question with its accepted answer's text and state and its tags; null when it has none. */
export async function solvedQuestion(db: Q, threadId: string) {
  const t = await threadWithFacts(db)
    .innerJoin("posts as p", "p.id", "t.accepted_post_id")
    .select(["t.title", "t.body_md", "p.author_id as answer_author_id", "p.body_md as answer_md", "p.deleted_at as answer_deleted_at", "p.hidden_at as answer_hidden_at"])
    .where("t.id", "=", threadId)
    .executeTakeFirst();
  if (!t) return null;
  const tags = await db.selectFrom("thread_tags").select("tag_id").where("thread_id", "=", threadId).execute();
  return { ...t, tagIds: tags.map((r) => r.tag_id) };
}

/** A thread's scope and state for the read rule, whatever its state; callers apply the policy. */
export function threadScope(db: Q, threadId: string) {
  return threadWithFacts(db).where("t.id", "=", threadId).executeTakeFirst();
}

export function casesFromThread(db: Q, threadId: string) {
  return withOrgAndCounts(db).where("c.source_thread_id", "=", threadId).where("c.deleted_at", "is", null).orderBy("c.id").execute();
}

export function usersByIds(db: Q, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom("users").select(["id", "name", "email", "handle"]).where("id", "in", ids).execute();
}

// ---- discussion -------------------------------------------------------------------------------

export async function tagSlugsFor(db: Q, caseId: string, area: string | null): Promise<string[]> {
  const own = await db.selectFrom("case_tags as ct").innerJoin("tags as g", "g.id", "ct.tag_id").select("g.slug").where("ct.case_id", "=", caseId).orderBy("g.slug").limit(5).execute();
  if (own.length || !area) return own.map((r) => r.slug);
  const fallback = await db.selectFrom("tags").select("slug").where("area", "=", area as "hr").where("merged_into_id", "is", null).orderBy("id").limit(1).execute();
  return fallback.map((r) => r.slug);
}

export function discussionAudienceForUpdate(trx: Q, threadId: string) {
  return trx.selectFrom("threads").select(["id", "org_id", "visibility", "shared_org_ids"]).where("id", "=", threadId).forUpdate().executeTakeFirst();
}

/** The discussion thread follows its case's organisation and audience. */
export async function setDiscussionAudience(trx: Q, threadId: string, a: { org_id: string; visibility: "organisation" | "network" | "public"; shared_org_ids: string[] }) {
  await trx
    .updateTable("threads")
    .set({ org_id: a.org_id, visibility: a.visibility, shared_org_ids: a.shared_org_ids })
    .where("id", "=", threadId)
    .execute();
}

export async function setDiscussionThread(trx: Q, caseId: string, threadId: string) {
  await trx.updateTable("cases").set({ discussion_thread_id: threadId }).where("id", "=", caseId).where("discussion_thread_id", "is", null).execute();
}
