import type { Audience } from "../lib/ui/visibility-badge";
import type { DomainCtx } from "../lib/ctx.server";
import { notFound } from "../lib/http.server";
import { threadPath } from "../forum/slug";
import type { TagArea } from "../forum/types";
import { getPersonProfile } from "../orgs/people.server";
import { findUserByHandle } from "../orgs/people.repo.server";
import { canReadCase, canReadThread, canSeePost, canViewMembers, type CaseScope, type ThreadFacts } from "../policy";
import { adoptionRows, answerRows, caseRows, expertiseRows, findTagBySlug, questionRows, tagExpertRows, type Keyset } from "./profiles.repo.server";
import type {
  Expert, ExpertiseArea, ExpertiseTag, ListPage, ProfileAdoption, ProfileAnswer, ProfileCase, ProfileList, ProfileQuestion,
} from "./types";

export const PROFILE_PAGE = 10;
const EXPERTISE_TAGS = 12;

/** "<ms>-<id>" ↔ keyset; anything else is "from the start" (a forged cursor shows page one). */
export function parseKeyset(c: string | null | undefined): Keyset | undefined {
  const m = /^(\d{1,15})-(\d{1,18})$/.exec(c ?? "");
  return m ? { at: new Date(Number(m[1])), id: m[2] } : undefined;
}
const keysetOf = (r: { created_at: Date; id: string }) => `${new Date(r.created_at).getTime()}-${r.id}`;

const iso = (d: Date | string) => new Date(d).toISOString();
// Who may read an item, for the one visibility badge.
const audienceOf = (r: { visibility: Audience["visibility"]; org_name: string; shared_org_ids: string[]; shared_org_names: string[] }): Audience => ({
  visibility: r.visibility, orgName: r.org_name, sharedNames: r.shared_org_names ?? [], shared: r.shared_org_ids.length > 0,
});
const caseScope = (r: { org_id: string; visibility: CaseScope["visibility"]; shared_org_ids: string[]; state: CaseScope["state"]; hidden_at: Date | null; deleted_at: Date | null }): CaseScope => ({
  orgId: r.org_id, visibility: r.visibility, sharedOrgIds: r.shared_org_ids.map(String), state: r.state, hiddenAt: r.hidden_at, deletedAt: r.deleted_at,
});

function page<R extends { created_at: Date; id: string }, T>(rows: R[], limit: number, keep: (r: R) => boolean, map: (r: R) => T): ListPage<T> {
  const more = rows.length > limit;
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  // The SQL already applied the read rule; the predicate re-check drops a row, never adds one.
  return { items: shown.filter(keep).map(map), next: more && last ? keysetOf(last) : null };
}

async function questions(ctx: DomainCtx, userId: string, limit: number, k?: Keyset): Promise<ListPage<ProfileQuestion>> {
  const rows = await questionRows(ctx.db, ctx.viewer, userId, limit + 1, k);
  const facts = (r: (typeof rows)[number]): ThreadFacts => ({
    orgId: r.org_id, visibility: r.visibility, sharedOrgIds: r.shared_org_ids.map(String), authorId: r.author_id, kind: r.kind,
    hiddenAt: r.hidden_at, deletedAt: r.deleted_at, lockedAt: r.locked_at,
  });
  return page(rows, limit, (r) => !r.deleted_at && canReadThread(ctx.viewer, facts(r)), (r) => ({
    id: r.id, href: threadPath(r), title: r.title, createdAt: iso(r.created_at), replyCount: r.reply_count, solved: r.accepted_post_id !== null,
    audience: audienceOf(r),
  }));
}

async function answers(ctx: DomainCtx, userId: string, limit: number, k?: Keyset): Promise<ListPage<ProfileAnswer>> {
  const rows = await answerRows(ctx.db, ctx.viewer, userId, limit + 1, k);
  const keep = (r: (typeof rows)[number]) => {
    const t: ThreadFacts = { orgId: r.org_id, visibility: r.visibility, sharedOrgIds: r.shared_org_ids.map(String), authorId: r.t_author_id, kind: r.kind, hiddenAt: r.t_hidden_at, deletedAt: r.t_deleted_at, lockedAt: r.locked_at };
    return !r.deleted_at && !r.t_deleted_at && canSeePost(ctx.viewer, t, { authorId: r.author_id, hiddenAt: r.hidden_at, deletedAt: r.deleted_at });
  };
  return page(rows, limit, keep, (r) => ({
    id: r.id, href: threadPath({ id: r.thread_id, slug: r.slug }, r.number), title: r.title, createdAt: iso(r.created_at), votes: r.votes, accepted: r.accepted_post_id === r.id,
    audience: audienceOf(r),
  }));
}

async function cases(ctx: DomainCtx, userId: string, limit: number, k?: Keyset): Promise<ListPage<ProfileCase>> {
  const rows = await caseRows(ctx.db, ctx.viewer, userId, limit + 1, k);
  return page(rows, limit, (r) => canReadCase(ctx.viewer, caseScope(r)), (r) => ({
    id: r.id, href: `/cases/${r.id}-${r.slug}`, title: r.title, createdAt: iso(r.created_at), status: r.status, orgName: r.org_name,
    audience: audienceOf(r),
  }));
}

async function adoptions(ctx: DomainCtx, userId: string, limit: number, k?: Keyset): Promise<ListPage<ProfileAdoption>> {
  const rows = await adoptionRows(ctx.db, ctx.viewer, userId, limit + 1, k);
  return page(rows, limit, (r) => canReadCase(ctx.viewer, caseScope(r)), (r) => ({
    id: r.id, href: `/cases/${r.case_id}-${r.slug}`, title: r.title, createdAt: iso(r.created_at), status: r.status, orgName: r.org_name,
  }));
}

const LISTS = { questions, answers, cases, adoptions };

/** A person's expertise per tag and per area, as the viewer may see it (only readable contributions count). */
export async function expertiseOf(ctx: DomainCtx, userId: string): Promise<{ tags: ExpertiseTag[]; areas: ExpertiseArea[] }> {
  const rows = await expertiseRows(ctx.db, ctx.viewer, userId, 200);
  const tags = rows.map((r) => ({
    slug: r.slug, nameSv: r.name_sv, nameEn: r.name_en, area: r.area as TagArea,
    score: Number(r.score), accepted: Number(r.accepted), votes: Number(r.votes), cases: Number(r.cases),
  }));
  const byArea = new Map<string, number>();
  for (const t of tags) byArea.set(t.area, (byArea.get(t.area) ?? 0) + t.score);
  const areas = [...byArea].map(([area, score]) => ({ area, score })).sort((a, b) => b.score - a.score || a.area.localeCompare(b.area));
  return { tags: tags.slice(0, EXPERTISE_TAGS), areas };
}

/**
 * Signed-in members (the profile rule, canViewPerson): a person's profile with their expertise and
 * their questions, answers, cases and adoptions — only what the viewer may read. `only` with a
 * cursor shows one list, paginated by keyset. Others → 404.
 */
export async function getProfile(ctx: DomainCtx, handle: string, only?: ProfileList | null, cursor?: string | null) {
  const person = await getPersonProfile(ctx, handle); // 404s for those who may not see the person
  const row = (await findUserByHandle(ctx.db, handle))!;
  const k = only ? parseKeyset(cursor) : undefined;
  const wanted = only ? [only] : (Object.keys(LISTS) as ProfileList[]);
  const lists: Partial<{ [K in ProfileList]: Awaited<ReturnType<(typeof LISTS)[K]>> }> = {};
  await Promise.all(wanted.map(async (l) => { (lists as Record<string, unknown>)[l] = await LISTS[l](ctx, row.id, PROFILE_PAGE, k); }));
  const expertise = await expertiseOf(ctx, row.id);
  return { person, expertise, lists, only: only ?? null };
}

/** Signed-in members: a tag's most helpful people across organisations, counting only what the viewer may read. Others: none. */
export async function tagExperts(ctx: DomainCtx, slug: string, limit = 8): Promise<Expert[]> {
  if (!canViewMembers(ctx.viewer)) return [];
  const tag = await findTagBySlug(ctx.db, slug);
  if (!tag) notFound();
  const rows = await tagExpertRows(ctx.db, ctx.viewer, tag!.merged_into_id ?? tag!.id, limit);
  return rows.map((r) => ({ handle: r.handle, name: r.name, orgName: r.org_name, score: Number(r.score), accepted: Number(r.accepted), votes: Number(r.votes), cases: Number(r.cases) }));
}
