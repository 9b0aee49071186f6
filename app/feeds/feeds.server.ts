import { createHash } from "node:crypto";
import { Feed, type Item } from "feed";
import type { DB } from "../../db/client";
import { listThreads } from "../forum/threads.server";
import { getTag } from "../forum/tags.server";
import type { ThreadFilters, ThreadListItem } from "../forum/types";
import { featuredBestPractice } from "../moderation/curation.server";
import { recipientViewers } from "../notifications/notifications.repo.server";
import { i18nFor } from "../lib/i18n/i18n";
import type { Locale } from "../lib/i18n/resources";
import type { Viewer } from "../policy";
import { feedPath, type FeedFormat, type FeedKind } from "./alternate";
import { feedCaseRows, findLiveFeedToken, orgBySlug, touchFeedToken } from "./feeds.repo.server";
import { mySavedSearch } from "../search/saved.server";
import { savedSearchFeedMatches } from "../search/saved-alerts.server";

// RSS 2.0 and Atom 1.0 feeds (issue 14). Every item comes from the same domain functions and read
// rule as the pages: public feeds are always rendered for a signed-out reader (a feed reader sends
// no cookie, and a public URL must not depend on one); a private feed (`/feeds/p/<secret>/…`)
// is rendered for its owner as they are *now* — a deactivated person, or one without any
// membership left, gets 404. The URL scheme is documented in the README ("Feeds").

export const FEED_ITEMS = 30;
export type { FeedFormat, FeedKind };
export type FeedSpec = { kind: FeedKind; slug?: string; format: FeedFormat; token?: string };

const NAMED = new Set<FeedKind>(["threads", "questions", "cases", "best-practice"]);
const FILE = /^([a-z0-9][a-z0-9-]{0,79})\.(rss|atom)$/;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The feed a path below /feeds/ names (`threads.atom`, `tags/<slug>.rss`, `p/<secret>/orgs/<slug>.atom`), or null. */
export function parseFeedPath(path: string): FeedSpec | null {
  const parts = path.split("/").filter(Boolean);
  let token: string | undefined;
  if (parts[0] === "p") {
    if (!TOKEN.test(parts[1] ?? "")) return null;
    token = parts[1];
    parts.splice(0, 2);
  }
  const file = FILE.exec(parts.at(-1) ?? "");
  if (!file) return null;
  const format = file[2] as FeedFormat;
  if (parts.length === 1 && NAMED.has(file[1] as FeedKind)) return { kind: file[1] as FeedKind, format, token };
  if (parts.length === 2 && parts[0] === "tags") return { kind: "tag", slug: file[1], format, token };
  if (parts.length === 2 && parts[0] === "orgs") return { kind: "org", slug: file[1], format, token };
  // A saved search is a person's own: its feed is private only.
  if (parts.length === 2 && parts[0] === "searches" && token && /^\d{1,18}$/.test(file[1])) return { kind: "search", slug: file[1], format, token };
  return null;
}

export const hashFeedToken = (token: string) => createHash("sha256").update(token).digest("hex");

type FeedEntry = { id: string; title: string; link: string; published: Date; updated: Date; summary: string; author: string; categories: string[] };

/** Text for an HTML context: feed readers render Atom `type="html"` and most RSS titles as HTML. */
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function threadEntries(items: ThreadListItem[], origin: string, locale: Locale): FeedEntry[] {
  const t = i18nFor(locale).t;
  return items.map((th) => ({
    id: new URL(`/t/${th.id}`, origin).toString(),
    title: th.title,
    link: new URL(`/t/${th.id}-${th.slug}`, origin).toString(),
    published: new Date(th.createdAt),
    updated: new Date(th.lastActivityAt),
    summary: t("feeds:item.thread", { kind: t(`forum:kind.${th.kind}`), org: th.org.name, count: th.replyCount }),
    author: th.author.name,
    categories: th.tags.map((g) => (locale === "en" ? g.nameEn : g.nameSv)),
  }));
}

async function caseEntries(db: DB, viewer: Viewer | null, f: { orgId?: string; tagId?: string }, origin: string): Promise<FeedEntry[]> {
  const rows = await feedCaseRows(db, viewer, f, FEED_ITEMS);
  return rows.map((c) => ({
    id: new URL(`/cases/${c.id}`, origin).toString(),
    title: c.title,
    link: new URL(`/cases/${c.id}-${c.slug}`, origin).toString(),
    published: c.published_at ?? c.created_at,
    updated: c.updated_at,
    summary: c.summary,
    author: c.org_name,
    categories: [],
  }));
}

type Ctx = { db: DB; now: Date; locale: Locale };
type Built = { title: string; link: string; entries: FeedEntry[] };

async function build(ctx: Ctx, viewer: Viewer | null, spec: FeedSpec, origin: string): Promise<Built | { redirect: string } | null> {
  const t = i18nFor(ctx.locale).t;
  const dctx = { db: ctx.db, viewer, now: ctx.now };
  const threads = async (f: ThreadFilters) => threadEntries((await listThreads(dctx, f, null, FEED_ITEMS)).items, origin, ctx.locale);
  switch (spec.kind) {
    case "threads":
      return { title: t("feeds:title.threads"), link: "/threads", entries: await threads({}) };
    case "questions":
      return { title: t("feeds:title.questions"), link: "/threads?kind=question&status=unanswered", entries: await threads({ kind: "question", status: "unanswered" }) };
    case "cases":
      return { title: t("feeds:title.cases"), link: "/cases", entries: await caseEntries(ctx.db, viewer, {}, origin) };
    case "best-practice": {
      const marks = await featuredBestPractice(dctx, FEED_ITEMS);
      const entries = marks.map((m) => ({
        id: new URL(`${m.href}#gott-exempel-${m.markedAt.getTime()}`, origin).toString(),
        title: m.title, link: new URL(m.href, origin).toString(), published: m.markedAt, updated: m.markedAt,
        summary: m.note, author: m.orgName, categories: [],
      }));
      return { title: t("feeds:title.bestPractice"), link: "/best-practice", entries };
    }
    case "tag": {
      const found = await getTag(dctx, spec.slug!);
      if (!found) return null;
      if (found.redirectTo) return { redirect: feedPath("tag", spec.format, found.redirectTo) };
      const entries = [...(await threads({ tags: [found.tag.slug] })), ...(await caseEntries(ctx.db, viewer, { tagId: found.tag.id }, origin))];
      const name = ctx.locale === "en" ? found.tag.nameEn : found.tag.nameSv;
      return { title: t("feeds:title.tag", { name }), link: `/tags/${found.tag.slug}`, entries };
    }
    case "org": {
      const org = await orgBySlug(ctx.db, spec.slug!);
      if (!org) return null;
      const entries = [...(await threads({ orgId: org.id })), ...(await caseEntries(ctx.db, viewer, { orgId: org.id }, origin))];
      return { title: t("feeds:title.org", { name: org.name }), link: `/orgs/${org.slug}`, entries };
    }
    case "search": {
      // The owner's own saved search, run for them as they are now; every match re-checked.
      const s = viewer ? await mySavedSearch(dctx, spec.slug!) : null;
      if (!viewer || !s) return null;
      const hits = await savedSearchFeedMatches(ctx.db, viewer, s.query, ctx.now);
      const entries = hits.map((h) => {
        const title = h.type === "post" ? h.parentTitle : h.title;
        return {
          id: new URL(h.type === "post" ? `/t/${h.parentId}#post-${h.id}` : h.type === "case" ? `/cases/${h.id}` : `/t/${h.id}`, origin).toString(),
          title, link: new URL(h.path, origin).toString(), published: new Date(h.createdAt), updated: new Date(h.updatedAt),
          summary: h.snippetHtml.replace(/<\/?mark>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&"),
          author: h.org?.name ?? "", categories: h.tagLabels.map((g) => g.name),
        };
      });
      return { title: t("saved:feedTitle", { name: s.name }), link: s.href, entries };
    }
  }
}

/** The person behind a private feed secret, as they are now (null: unknown, revoked, deactivated or no membership). */
export async function feedOwner(db: DB, token: string, now: Date): Promise<Viewer | null> {
  const row = await findLiveFeedToken(db, hashFeedToken(token));
  if (!row) return null;
  const viewer = (await recipientViewers(db, [row.user_id])).get(row.user_id) ?? null;
  // Last use is shown on /settings/feeds; once a minute is enough.
  if (viewer && (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000)) await touchFeedToken(db, row.id, now);
  return viewer;
}

export type RenderedFeed = { body: string; contentType: string; private: boolean } | { redirect: string } | null;

/**
 * Anyone: the feed a path names, as RSS 2.0 or Atom 1.0 XML. Public feeds carry what a signed-out
 * reader may list; private ones what their owner may list now. Null: no such feed (404).
 */
export async function renderFeed(ctx: Ctx, path: string, origin: string): Promise<RenderedFeed> {
  const spec = parseFeedPath(path);
  if (!spec) return null;
  const viewer = spec.token ? await feedOwner(ctx.db, spec.token, ctx.now) : null;
  if (spec.token && !viewer) return null;
  const built = await build(ctx, viewer, spec, origin);
  if (!built || "redirect" in built) return built && spec.token ? { redirect: `/feeds/p/${spec.token}${built.redirect.slice("/feeds".length)}` } : built;
  const entries = dedupe(built.entries).sort((a, b) => b.updated.getTime() - a.updated.getTime()).slice(0, FEED_ITEMS);
  const self = new URL(`/feeds/${path.replace(/^\/+/, "")}`, origin).toString();
  const t = i18nFor(ctx.locale).t;
  const feed = new Feed({
    id: self,
    title: `${built.title} · Allmänning`,
    description: t(spec.token ? "feeds:description.private" : "feeds:description.public"),
    link: new URL(built.link, origin).toString(),
    language: ctx.locale,
    updated: entries[0]?.updated ?? new Date(0),
    generator: "Allmänning",
    copyright: "",
    feedLinks: spec.format === "atom" ? { atom: self } : { rss: self },
    author: { name: "Allmänning" },
  });
  for (const e of entries) feed.addItem(toItem(e, spec.format));
  const xml = spec.format === "atom" ? feed.atom1() : feed.rss2();
  return { body: xml, contentType: spec.format === "atom" ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8", private: Boolean(spec.token) };
}

function toItem(e: FeedEntry, format: FeedFormat): Item {
  return {
    id: e.id, guid: e.id, title: esc(e.title), link: e.link, date: e.updated, published: e.published,
    description: esc(e.summary || e.title),
    // RSS 2.0's <author> must be an e-mail address: the name goes only into Atom.
    author: format === "atom" ? [{ name: e.author }] : undefined,
    category: e.categories.map((name) => ({ name, term: name })),
  };
}

function dedupe(entries: FeedEntry[]): FeedEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
}
