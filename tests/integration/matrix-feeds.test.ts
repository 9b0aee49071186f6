import { randomBytes } from "node:crypto";
import Parser from "rss-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { deleteCase } from "../../app/cases/cases.server";
import { ensureDiscussion } from "../../app/cases/discussion.server";
import { insertFeedToken } from "../../app/feeds/feeds.repo.server";
import { hashFeedToken, renderFeed } from "../../app/feeds/feeds.server";
import { reply } from "../../app/forum/posts.server";
import { createThread, deleteThread } from "../../app/forum/threads.server";
import type { Audience } from "../../app/forum/types";
import { moderate } from "../../app/moderation/actions.server";
import { actionSchema } from "../../app/moderation/schemas";
import { makeCase } from "../support/cases";
import { freshDatabase } from "../support/db";
import { createForumTags } from "../support/forum";
import { createWorld, PRINCIPALS, type PrincipalName, type World } from "../support/principals";

// The feed axis of the authorization matrix: every principal × visibility × state, through the
// real feeds (Atom and RSS, parsed by rss-parser). Signed out reads the public feeds; everyone else
// reads their own private feed (a secret URL), and a deactivated person or one without a
// membership gets 404. Expectations are written out by hand (as in matrix-state), not computed by
// the policy under test. Unreadable items never appear, not even their title words in the XML.
const AUDIENCES: Audience[] = ["organisation", "chosen", "network", "public"];
const A = ["memberA", "ambassadorA", "moderatorA", "adminA"] as const;
const NET = ["networkModerator", "networkAdmin"] as const;
const READERS: Record<Audience, readonly PrincipalName[]> = {
  organisation: A, chosen: [...A, "memberB"], network: [...A, "memberB", ...NET], public: PRINCIPALS,
};
const MODS = new Set<PrincipalName>(["moderatorA", "adminA", ...NET]);
const CASE_EDITORS = new Set<PrincipalName>(["ambassadorA", "moderatorA", "adminA", ...NET]);
const GONE = new Set<PrincipalName>(["deactivated", "removed"]);

const THREAD_STATES = ["live", "hidden", "deleted", "discussionOfHiddenCase", "discussionOfDeletedCase"] as const;
const CASE_STATES = ["published", "draft", "hidden", "deleted"] as const;
type ThreadState = (typeof THREAD_STATES)[number];
type CaseState = (typeof CASE_STATES)[number];

/** A thread in a feed (a list): read in full and not deleted. */
function threadListed(p: PrincipalName, aud: Audience, s: ThreadState): boolean {
  const reads = READERS[aud].includes(p) && !GONE.has(p);
  switch (s) {
    case "live": return reads;
    case "hidden": return reads && (p === "ambassadorA" || MODS.has(p));
    case "deleted": return false;
    case "discussionOfHiddenCase": return reads && CASE_EDITORS.has(p);
    case "discussionOfDeletedCase": return reads && MODS.has(p);
  }
}
/** A case in a feed: published, live and readable. */
const caseListed = (p: PrincipalName, aud: Audience, s: CaseState) => s === "published" && READERS[aud].includes(p) && !GONE.has(p);

let db: DB;
let destroy: () => Promise<void>;
let w: World;
const tokens = {} as Record<PrincipalName, string>;
const parser = new Parser();
const word = () => `ord${Array.from(randomBytes(8), (b) => "bcdfghjklmnpqrstvxz"[b % 19]).join("")}`;
const ctx = (p: PrincipalName) => ({ db, viewer: w.viewers[p], now: new Date() });
const act = async (a: Record<string, unknown>) => {
  const r = await moderate(ctx("moderatorA"), actionSchema.parse(a));
  if (!r.ok) throw new Error(`${JSON.stringify(a)}: ${r.error}`);
};
const shares = (aud: Audience) => (aud === "chosen" ? [w.orgB.id] : []);

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
  for (const p of PRINCIPALS) {
    if (p === "anonymous") continue;
    tokens[p] = randomBytes(32).toString("base64url");
    await insertFeedToken(db, w.userIds[p], hashFeedToken(tokens[p]), new Date());
  }
});
afterAll(() => destroy());

async function tag() {
  const slug = `tagg-${word()}`;
  await createForumTags(db, [{ slug, sv: slug, en: slug, area: "it" }]);
  return { slug, id: (await db.selectFrom("tags").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id };
}

/** The feeds a principal reads (XML), or null when their private feed is 404. */
async function feedsOf(p: PrincipalName, files: string[]): Promise<string[] | null> {
  const out: string[] = [];
  for (const f of files) {
    const path = p === "anonymous" ? f : `p/${tokens[p]}/${f}`;
    const r = await renderFeed({ db, now: new Date(), locale: "sv" }, path, "http://test.se");
    if (!r) return null;
    if ("redirect" in r) throw new Error(`redirect for ${path}`);
    out.push(r.body);
  }
  return out;
}

/**
 * For each feed: whether an item links to `linkPart`; and whether `W` occurs in the XML outside
 * the items the reader may see (`allowed`: link parts of readable items that carry the word).
 */
async function presence(xmls: string[], linkPart: string, W: string, allowed: string[] = []) {
  const found: boolean[] = [];
  let word = false;
  for (const xml of xmls) {
    const feed = await parser.parseString(xml);
    found.push(feed.items.some((i) => (i.link ?? "").includes(linkPart)));
    const carrying = feed.items.filter((i) => JSON.stringify(i).includes(W));
    if (carrying.some((i) => !allowed.some((a) => (i.link ?? "").includes(a)))) word = true;
    if (xml.includes(W) && carrying.length === 0) word = true;
  }
  return { found, word };
}

describe("feed matrix: threads", () => {
  const cells = AUDIENCES.flatMap((aud) => THREAD_STATES.map((s) => [aud, s] as const));
  it.each(cells)("%s · %s", async (aud, s) => {
    const tg = await tag();
    const W = word();
    let threadId: string;
    if (s.startsWith("discussionOf")) {
      const id = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, {
        intent: "publish", title: `Fall ${W}`, visibility: aud === "chosen" ? "shared" : aud, shared_org_ids: shares(aud), tag_ids: [tg.id],
      });
      await ensureDiscussion(ctx("ambassadorA"), id);
      const row = await db.selectFrom("cases").select("discussion_thread_id").where("id", "=", id).executeTakeFirstOrThrow();
      if (!row.discussion_thread_id) throw new Error("no discussion thread");
      threadId = row.discussion_thread_id;
      await db.updateTable("threads").set({ title: `Diskussion ${W}` }).where("id", "=", threadId).execute();
      await db.insertInto("thread_tags").values({ thread_id: threadId, tag_id: tg.id }).onConflict((oc) => oc.doNothing()).execute();
      if (s === "discussionOfHiddenCase") await act({ intent: "hide", targetType: "case", targetId: id, reason: "Felaktigt" });
      if (s === "discussionOfDeletedCase" && !(await deleteCase(ctx("ambassadorA"), id))) throw new Error("deleteCase");
    } else {
      const t = await createThread(ctx("ambassadorA"), { kind: "question", title: `Fråga ${W}`, body: "Text", tags: [tg.slug], orgId: w.orgA.id, audience: aud, sharedOrgIds: shares(aud) });
      if (!t.ok) throw new Error(JSON.stringify(t.errors));
      threadId = t.id;
      const r = await reply(ctx("memberA"), t.id, { body: "Svar" });
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      if (s === "hidden") await act({ intent: "hide", targetType: "thread", targetId: threadId, reason: "Dold" });
      if (s === "deleted" && !(await deleteThread(ctx("ambassadorA"), threadId)).ok) throw new Error("deleteThread");
    }
    const files = ["threads.atom", "threads.rss", `tags/${tg.slug}.atom`, `tags/${tg.slug}.rss`, `orgs/${w.orgA.slug}.atom`];
    const leaks: string[] = [];
    for (const p of PRINCIPALS) {
      const xmls = await feedsOf(p, files);
      if (GONE.has(p)) {
        if (xmls !== null) leaks.push(`${p}: private feed answered`);
        continue;
      }
      const want = threadListed(p, aud, s);
      const { found, word: seen } = await presence(xmls!, `/t/${threadId}-`, W, want ? [`/t/${threadId}-`] : []);
      found.forEach((got, i) => got !== want && leaks.push(`${p} · ${files[i]}: got ${got}`));
      if (seen) leaks.push(`${p}: title word outside a readable item`);
    }
    expect(leaks).toEqual([]);
  });
});

describe("feed matrix: cases", () => {
  const cells = AUDIENCES.flatMap((aud) => CASE_STATES.map((s) => [aud, s] as const));
  it.each(cells)("%s · %s", async (aud, s) => {
    const tg = await tag();
    const W = word();
    const id = await makeCase(db, w.viewers.ambassadorA!, w.orgA.id, {
      intent: s === "draft" ? "save" : "publish", title: `Fall ${W}`, summary: `Sammanfattning ${W}`, visibility: aud === "chosen" ? "shared" : aud, shared_org_ids: shares(aud), tag_ids: [tg.id],
    });
    const discussionId = (await db.selectFrom("cases").select("discussion_thread_id").where("id", "=", id).executeTakeFirstOrThrow()).discussion_thread_id;
    if (s === "hidden") await act({ intent: "hide", targetType: "case", targetId: id, reason: "Felaktigt" });
    if (s === "deleted" && !(await deleteCase(ctx("ambassadorA"), id))) throw new Error("deleteCase");
    const files = ["cases.atom", "cases.rss", `tags/${tg.slug}.atom`, `orgs/${w.orgA.slug}.rss`];
    const leaks: string[] = [];
    for (const p of PRINCIPALS) {
      const xmls = await feedsOf(p, files);
      if (GONE.has(p)) {
        if (xmls !== null) leaks.push(`${p}: private feed answered`);
        continue;
      }
      const want = caseListed(p, aud, s);
      // The case's discussion thread carries its title ("Diskussion: Fall …") and follows the case's rule.
      const discussion = discussionId && threadListed(p, aud, s === "hidden" ? "discussionOfHiddenCase" : s === "deleted" ? "discussionOfDeletedCase" : "live") ? [`/t/${discussionId}-`] : [];
      const { found, word: seen } = await presence(xmls!, `/cases/${id}-`, W, [...(want ? [`/cases/${id}-`] : []), ...discussion]);
      found.forEach((got, i) => got !== want && leaks.push(`${p} · ${files[i]}: got ${got}`));
      if (seen) leaks.push(`${p}: title word outside a readable item`);
    }
    expect(leaks).toEqual([]);
  });
});
