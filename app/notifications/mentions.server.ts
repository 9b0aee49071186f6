import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/types";
import type { OrgRole } from "../../db/types";
import type { DomainCtx } from "../lib/ctx.server";
import { canCreateContent, canReadThread, type ThreadFacts } from "../policy";
import { recipientViewers } from "./notifications.repo.server";
import { threadInfo } from "./fanout.repo.server";
import { membersWithRoles, orgsBySlugPrefix, orgsBySlugs, peopleByPrefix, usersByHandles } from "./mentions.repo.server";

type Q = Kysely<Database> | Transaction<Database>;

/** At most this many people are notified by name from one post; the rest are plain links. */
export const MENTION_CAP = 20;
/**
 * A group mention (`@<org-slug>-ambassadorer`, `@<org-slug>-moderatorer`, or the English
 * `-ambassadors`/`-moderators`) notifies its members only while the group has at most this many;
 * a larger group notifies nobody and the writer is told before posting (as Discourse does).
 */
export const GROUP_CAP = 50;
const HANDLE = "[a-z0-9](?:[a-z0-9._-]{0,38}[a-z0-9])?";
const MENTION = new RegExp(`(^|[^\\w.@/])@(${HANDLE})(?![\\w-])`, "gi");
const GROUP = /^([a-z0-9][a-z0-9-]*?)-(ambassadorer|ambassadors|moderatorer|moderators)$/;
// An organisation's ambassadors are its members with the ambassador role; its moderators are
// those who moderate it (moderators and admins).
const GROUP_ROLES: Record<string, OrgRole[]> = {
  ambassadorer: ["ambassador"], ambassadors: ["ambassador"], moderatorer: ["moderator", "admin"], moderators: ["moderator", "admin"],
};

/** The @handles in Markdown, outside code. */
export function mentionHandles(md: string): string[] {
  const text = md.replace(/```[\s\S]*?```|~~~[\s\S]*?~~~|`[^`\n]*`/g, " ");
  return [...new Set([...text.matchAll(MENTION)].map((m) => m[2].toLowerCase()))];
}

/**
 * Turns @handle of a known person (or group) into a link in rendered (already sanitised) HTML,
 * only in text, never inside a tag, a link or code. Unknown handles stay plain text. `known`
 * maps a lower-case handle to its link (a Set links people to /u/<handle>).
 */
export function linkMentions(html: string, known: Set<string> | Map<string, string>): string {
  if (!known.size) return html;
  const href = (h: string) => (known instanceof Map ? known.get(h) : known.has(h) ? `/u/${h}` : undefined);
  let skip = 0;
  return html
    .split(/(<[^>]*>)/)
    .map((part) => {
      if (part.startsWith("<")) {
        const m = /^<(\/?)(a|code|pre)\b/i.exec(part);
        if (m) skip += m[1] ? -1 : 1;
        return part;
      }
      if (skip > 0) return part;
      return part.replace(MENTION, (all, pre: string, h: string) => {
        const to = href(h.toLowerCase());
        const group = to?.startsWith("/orgs/") ? " mention-group" : "";
        return to ? `${pre}<a href="${to}" class="mention${group}">@${h}</a>` : all;
      });
    })
    .join("");
}

type Group = { handle: string; orgSlug: string; memberIds: string[]; overCap: boolean };

async function resolveGroups(db: Q, handles: string[]): Promise<Group[]> {
  const wanted = handles.map((h) => ({ h, m: GROUP.exec(h) })).filter((x) => x.m);
  const orgs = await orgsBySlugs(db, [...new Set(wanted.map((x) => x.m![1]))]);
  const out: Group[] = [];
  for (const { h, m } of wanted.slice(0, 5)) {
    const org = orgs.find((o) => o.slug === m![1]);
    if (!org) continue;
    const rows = await membersWithRoles(db, org.id, GROUP_ROLES[m![2]], GROUP_CAP + 1);
    out.push({ handle: h, orgSlug: org.slug, memberIds: rows.map((r) => r.id), overCap: rows.length > GROUP_CAP });
  }
  return out;
}

export type ResolvedMentions = {
  /** Lower-case handle → link, for linkMentions. */
  links: Map<string, string>;
  /** People mentioned by name (known, active, not the writer), capped. */
  people: { id: string; handle: string }[];
  /** Groups mentioned; an over-cap group notifies nobody. */
  groups: Group[];
  /** Everyone to notify (the fan-out still checks each one may read the post). */
  userIds: string[];
};

/** Write paths: the people and groups a body mentions. */
export async function resolveMentions(db: Q, bodyMd: string, writerId: string): Promise<ResolvedMentions> {
  const handles = mentionHandles(bodyMd).slice(0, 50);
  const [found, groups] = await Promise.all([usersByHandles(db, handles), resolveGroups(db, handles)]);
  const links = new Map<string, string>(found.map((u) => [u.handle.toLowerCase(), `/u/${u.handle.toLowerCase()}`]));
  // A group name wins over a person who happens to hold the same handle.
  for (const g of groups) links.set(g.handle, `/orgs/${g.orgSlug}`);
  const people = found.filter((u) => u.id !== writerId && !groups.some((g) => g.handle === u.handle.toLowerCase())).slice(0, MENTION_CAP);
  const fromGroups = groups.filter((g) => !g.overCap).flatMap((g) => g.memberIds);
  const userIds = [...new Set([...people.map((u) => u.id), ...fromGroups])].filter((id) => id !== writerId);
  return { links, people, groups, userIds };
}

/** What the writer is told before posting: who will not see the post, which groups are too large. */
export type MentionWarning = { cannotRead: string[]; tooLarge: string[] };

/**
 * Writers, before a post is stored: the mentioned people who will not be notified because they
 * cannot read a post in `thread` (facts of the thread, or of the one about to be created), and
 * group mentions nobody in which can read it or that are over GROUP_CAP. Null: nothing to warn.
 */
export async function mentionWarning(db: Q, bodyMd: string, writerId: string, thread: ThreadFacts): Promise<MentionWarning | null> {
  const m = await resolveMentions(db, bodyMd, writerId);
  if (!m.people.length && !m.groups.length) return null;
  const viewers = await recipientViewers(db, [...new Set([...m.people.map((u) => u.id), ...m.groups.flatMap((g) => g.memberIds)])]);
  const reads = (id: string) => {
    const v = viewers.get(id);
    return Boolean(v && !thread.deletedAt && canReadThread(v, thread));
  };
  const cannotRead = m.people.filter((u) => !reads(u.id)).map((u) => `@${u.handle}`);
  for (const g of m.groups) if (!g.overCap && !g.memberIds.some(reads)) cannotRead.push(`@${g.handle}`);
  const tooLarge = m.groups.filter((g) => g.overCap).map((g) => `@${g.handle}`);
  return cannotRead.length || tooLarge.length ? { cannotRead: cannotRead.sort(), tooLarge: tooLarge.sort() } : null;
}

type Suggestion = { handle: string; name: string; cannotRead?: boolean };

/**
 * Members, while writing: people (and organisation groups) whose handle or name starts with `q`
 * (at most 8). With the id of a thread the viewer may read, each person who cannot read it is
 * flagged, so the writer knows before posting that they will not see the post (an unreadable or
 * unknown thread flags nobody: it tells nothing about it).
 */
export async function suggestMentions(ctx: DomainCtx, q: string, threadId?: string | null): Promise<Suggestion[]> {
  if (!canCreateContent(ctx.viewer)) return [];
  const prefix = q.trim().replace(/^@/, "").toLowerCase().slice(0, 40);
  if (prefix.length < 1) return [];
  // Organisation slugs have hyphens of their own ("region-gavleborg"): "@region-gavleborg-amb" is
  // that organisation's group, so every part before a hyphen is a candidate slug too.
  const heads = [...prefix.matchAll(/-/g)].map((m) => prefix.slice(0, m.index));
  const [rows, byPrefix, byHead] = await Promise.all([
    peopleByPrefix(ctx.db, prefix, 8), orgsBySlugPrefix(ctx.db, prefix, 2), heads.length ? orgsBySlugs(ctx.db, heads) : Promise.resolve([]),
  ]);
  const orgs = [...new Map([...byHead, ...byPrefix].map((o) => [o.slug, o])).values()];
  const groups: Suggestion[] = orgs.flatMap((o) => [
    { handle: `${o.slug}-ambassadorer`, name: o.name },
    { handle: `${o.slug}-moderatorer`, name: o.name },
  ]).filter((g) => g.handle.startsWith(prefix));
  const people: Suggestion[] = rows.map((r) => ({ handle: r.handle, name: r.name }));
  const found = threadId && people.length ? await threadInfo(ctx.db, threadId) : null;
  const thread = found && !found.deletedAt && canReadThread(ctx.viewer, found) ? found : null;
  if (thread) {
    const viewers = await recipientViewers(ctx.db, rows.map((r) => r.id));
    for (const [i, r] of rows.entries()) {
      const v = viewers.get(r.id);
      if (!v || !canReadThread(v, thread)) people[i].cannotRead = true;
    }
  }
  return [...people, ...groups].slice(0, 8);
}
