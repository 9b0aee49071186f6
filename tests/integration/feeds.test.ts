import type { AppLoadContext } from "@remix-run/node";
import Parser from "rss-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { closeDb } from "../../db/client";
import { parseFeedPath, renderFeed } from "../../app/feeds/feeds.server";
import { createFeedToken, myFeedToken, revokeFeedToken } from "../../app/feeds/tokens.server";
import { createThread } from "../../app/forum/threads.server";
import { makeCase } from "../support/cases";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { createWorld, type PrincipalName, type World } from "../support/principals";
import { loadCorpus } from "../support/xss";

// Feeds with a real parser (rss-parser): RSS 2.0 and Atom 1.0 structure per the specs (required
// elements, RFC 822 / RFC 3339 dates, unique ids), escaping with XSS corpus samples as titles,
// 404 for unknown feeds, tags and organisations, and private feeds (revocable, current rights).
let db: DB;
let destroy: () => Promise<void>;
let w: World;
let route: typeof import("../../app/routes/feeds.$");
const parser = new Parser();
const ctx = (p: PrincipalName) => ({ db, viewer: w.viewers[p], now: new Date() });
const feed = (path: string) => renderFeed({ db, now: new Date(), locale: "sv" }, path, "http://test.se");
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
let samples: string[] = [];

beforeAll(async () => {
  let url: string;
  ({ db, destroy, url } = await freshDatabase());
  process.env.DATABASE_URL = url;
  w = await createWorld(db);
  await createForumTags(db, [{ slug: "flodestest", sv: "Flödestest", en: "Feed test", area: "it" }]);
  const corpus = loadCorpus();
  // A spread of the corpus (every 40th payload, at most 60), each trimmed to a title's length.
  samples = corpus.filter((_, i) => i % 40 === 0).slice(0, 60).map((s) => s.slice(0, 140)).filter((s) => s.trim().length >= 5);
  for (const [i, s] of samples.entries()) {
    const t = await createThread(ctx("ambassadorA"), { kind: i % 2 ? "question" : "discussion", title: s, body: "Text", tags: ["flodestest"], orgId: w.orgA.id, audience: "public", sharedOrgIds: [] }, { confirmMentions: true });
    if (!t.ok) throw new Error(`${s}: ${JSON.stringify(t.errors)}`);
  }
  await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { title: "Fall med <script>alert('x')</script> & mer", summary: "Sammanfattning ]]> <img src=x onerror=alert(1)>", visibility: "public" });
  route = await import("../../app/routes/feeds.$");
});
afterAll(async () => {
  await closeDb();
  await destroy();
});

describe("structure", () => {
  it.each(["threads", "questions", "cases", "best-practice", "tags/flodestest", `orgs/__ORG__`])("%s as Atom and RSS", async (name) => {
    const base = name.replace("__ORG__", w.orgA.slug);
    const atom = await feed(`${base}.atom`);
    const rss = await feed(`${base}.rss`);
    if (!atom || "redirect" in atom || !rss || "redirect" in rss) throw new Error("no feed");
    expect(atom.contentType).toBe("application/atom+xml; charset=utf-8");
    expect(rss.contentType).toBe("application/rss+xml; charset=utf-8");
    // Atom (RFC 4287): feed id, title, updated; each entry id, title, updated, link; an author for the feed.
    expect(atom.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    const a = await parser.parseString(atom.body);
    expect(a.title).toContain("Allmänning");
    for (const tag of ["id", "title", "updated", "author"]) expect(atom.body).toMatch(new RegExp(`<feed[^>]*>[\\s\\S]*<${tag}>`));
    expect(atom.body).toContain(`rel="self" href="http://test.se/feeds/${base}.atom"`);
    const updated = [...atom.body.matchAll(/<(updated|published)>([^<]+)<\/\1>/g)].map((m) => m[2]);
    expect(updated.length).toBeGreaterThan(0);
    for (const d of updated) expect(d).toMatch(RFC3339);
    const atomIds = a.items.map((i) => i.id);
    expect(new Set(atomIds).size).toBe(atomIds.length);
    for (const i of a.items) {
      expect(i.id).toMatch(/^http:\/\/test\.se\//);
      expect(i.title).toBeTruthy();
      expect(i.link).toMatch(/^http:\/\/test\.se\//);
    }
    // RSS 2.0: channel title, link, description; items with title or description, guid, RFC 822 dates.
    const r = await parser.parseString(rss.body);
    expect(rss.body).toMatch(/<rss version="2.0"[^>]*>\s*<channel>/);
    expect(r.title).toBeTruthy();
    expect(r.link).toMatch(/^http:\/\/test\.se\//);
    expect(r.description).toBeTruthy();
    const dates = [...rss.body.matchAll(/<(pubDate|lastBuildDate)>([^<]+)<\/\1>/g)].map((m) => m[2]);
    for (const d of dates) expect(d).toMatch(RFC822);
    const guids = r.items.map((i) => i.guid);
    expect(new Set(guids).size).toBe(guids.length);
    expect(r.items.length).toBe(a.items.length);
    // RSS 2.0's <author> is an e-mail address: names are not put there.
    expect(rss.body).not.toContain("<author>");
  });

  it("carries at most 30 items, newest first", async () => {
    const r = await feed("tags/flodestest.atom");
    if (!r || "redirect" in r) throw new Error("no feed");
    const a = await parser.parseString(r.body);
    expect(a.items.length).toBeLessThanOrEqual(30);
    const times = a.items.map((i) => Date.parse(i.isoDate ?? ""));
    expect(times.length).toBeGreaterThan(1);
    expect(times.every(Number.isFinite)).toBe(true);
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });
});

describe("escaping", () => {
  it("keeps every XSS corpus title as text: parsed back exactly (after one HTML decoding), never as markup", async () => {
    expect(samples.length).toBeGreaterThan(10);
    const decode = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
    for (const format of ["atom", "rss"]) {
      // All the sample threads fit in the tag feeds of two pages? The feed keeps 30: check what it carries.
      const r = await feed(`tags/flodestest.${format}`);
      if (!r || "redirect" in r) throw new Error("no feed");
      const parsed = await parser.parseString(r.body);
      const titles = parsed.items.map((i) => i.title ?? "");
      expect(titles.length).toBe(30);
      for (const t of titles) {
        // What a reader renders as HTML is the escaped text: no raw tag or attribute survives.
        expect(t).not.toMatch(/<[a-z!/?]/i);
        const original = decode(t);
        expect(samples.map((s) => s.trim().replace(/\s+/g, " "))).toContain(original.trim().replace(/\s+/g, " "));
      }
    }
    const cases = await feed("cases.atom");
    if (!cases || "redirect" in cases) throw new Error("no feed");
    expect(cases.body).not.toContain("<script>");
    expect(cases.body).not.toContain("<img src=x");
    const c = await parser.parseString(cases.body);
    expect(c.items[0].title).toBe("Fall med &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; mer");
  });
});

describe("bad input", () => {
  it.each(["tags/finns-inte.atom", "orgs/finns-inte.rss", "threads.json", "nothing.atom", "tags/../threads.atom", "p/short/threads.atom", `p/${"x".repeat(43)}/threads.atom`, "", "threads.atom/extra"])("%s → 404", async (path) => {
    expect(await feed(path)).toBeNull();
    const res = await route.loader({ request: new Request(`http://test.se/feeds/${path}`), params: { "*": path }, context: { locale: "sv", viewer: null } as unknown as AppLoadContext }).catch((e) => e as Response);
    expect((res as Response).status).toBe(404);
  });
  it("parses only the documented paths", () => {
    expect(parseFeedPath("tags/ai-stod.atom")).toEqual({ kind: "tag", slug: "ai-stod", format: "atom", token: undefined });
    expect(parseFeedPath("orgs/gavle.rss")?.kind).toBe("org");
    expect(parseFeedPath("tags/Ä.atom")).toBeNull();
  });
  it("answers a merged tag's feed with a permanent redirect to the tag it went into", async () => {
    await createForumTags(db, [{ slug: "gammal-tagg", sv: "Gammal", en: "Old", area: "it" }]);
    const into = await db.selectFrom("tags").select("id").where("slug", "=", "flodestest").executeTakeFirstOrThrow();
    await db.updateTable("tags").set({ merged_into_id: into.id }).where("slug", "=", "gammal-tagg").execute();
    expect(await feed("tags/gammal-tagg.atom")).toEqual({ redirect: "/feeds/tags/flodestest.atom" });
  });
});

describe("public feeds over HTTP", () => {
  it("are rendered signed out even with a session, cacheable, with the feed's content type", async () => {
    const secret = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { title: "Endast för nätverket", visibility: "network" });
    const res = (await route.loader({ request: new Request("http://test.se/feeds/cases.rss"), params: { "*": "cases.rss" }, context: { locale: "sv", viewer: w.viewers.adminA } as unknown as AppLoadContext })) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const body = await res.text();
    expect(body).not.toContain("Endast för nätverket");
    expect(body).not.toContain(`/cases/${secret}-`);
  });
});

describe("private feeds", () => {
  it("carry what the owner may read now; revoking, replacing or deactivating ends them", async () => {
    const c = ctx("memberB");
    expect(await myFeedToken(c)).toBeNull();
    const token = (await createFeedToken(c))!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await db.selectFrom("feed_tokens").select("token_hash").where("user_id", "=", w.userIds.memberB).execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token); // only the hash is kept
    const net = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, { title: "Nätverksfall för flöde", visibility: "network" });
    const own = await feed(`p/${token}/cases.atom`);
    if (!own || "redirect" in own) throw new Error("no feed");
    expect(own.private).toBe(true);
    expect(own.body).toContain(`/cases/${net}-`);
    expect((await feed("cases.atom")) as { body: string }).not.toHaveProperty("body", expect.stringContaining(`/cases/${net}-`));
    const res = (await route.loader({ request: new Request(`http://test.se/feeds/p/${token}/cases.atom`), params: { "*": `p/${token}/cases.atom` }, context: { locale: "sv", viewer: null } as unknown as AppLoadContext })) as Response;
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect((await myFeedToken(c))?.lastUsedAt).not.toBeNull();

    // Losing the membership: the very next fetch is 404 (rights are read at fetch time).
    await db.deleteFrom("memberships").where("user_id", "=", w.userIds.memberB).execute();
    expect(await feed(`p/${token}/cases.atom`)).toBeNull();
    await db.insertInto("memberships").values({ user_id: w.userIds.memberB, org_id: w.orgB.id, role: "member" }).execute();
    expect(await feed(`p/${token}/cases.atom`)).not.toBeNull();

    // Deactivated: 404.
    await db.updateTable("users").set({ deactivated_at: new Date() }).where("id", "=", w.userIds.memberB).execute();
    expect(await feed(`p/${token}/cases.atom`)).toBeNull();
    await db.updateTable("users").set({ deactivated_at: null }).where("id", "=", w.userIds.memberB).execute();

    // Replaced: the old one stops working; revoked: the new one too.
    const next = (await createFeedToken(c))!;
    expect(await feed(`p/${token}/cases.atom`)).toBeNull();
    expect(await feed(`p/${next}/threads.rss`)).not.toBeNull();
    await revokeFeedToken(c);
    expect(await feed(`p/${next}/threads.rss`)).toBeNull();
    expect(await myFeedToken(c)).toBeNull();
  });
});

describe("discovery", () => {
  it("lists Atom and RSS alternates on the matching pages", async () => {
    const pages = {
      "_index": await import("../../app/routes/_index"),
      "threads._index": await import("../../app/routes/threads._index"),
      "cases._index": await import("../../app/routes/cases._index"),
      "best-practice": await import("../../app/routes/best-practice"),
      "tags.$slug": await import("../../app/routes/tags.$slug"),
      "orgs.$slug": await import("../../app/routes/orgs.$slug"),
    };
    const data: Record<string, unknown> = { "tags.$slug": { tag: { slug: "flodestest", nameSv: "Flödestest" } }, "orgs.$slug": { org: { slug: w.orgA.slug, name: "Kommun A" } } };
    const want: Record<string, string> = {
      "_index": "/feeds/threads.atom", "threads._index": "/feeds/questions.rss", "cases._index": "/feeds/cases.atom",
      "best-practice": "/feeds/best-practice.atom", "tags.$slug": "/feeds/tags/flodestest.atom", "orgs.$slug": `/feeds/orgs/${w.orgA.slug}.rss`,
    };
    for (const [name, mod] of Object.entries(pages)) {
      const meta = (mod.meta as unknown as (a: { data: unknown }) => Record<string, string>[])({ data: data[name] ?? {} });
      const alternates = meta.filter((m) => m.tagName === "link" && m.rel === "alternate");
      expect(alternates.map((m) => m.href), name).toContain(want[name]);
      expect(alternates.every((m) => /^application\/(atom|rss)\+xml$/.test(m.type) && m.title)).toBe(true);
    }
  });
});
