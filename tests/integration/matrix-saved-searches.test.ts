import Parser from "rss-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { renderFeed, hashFeedToken } from "../../app/feeds/feeds.server";
import { insertSavedSearch } from "../../app/search/saved.repo.server";
import { runSavedSearchAlerts } from "../../app/search/saved-alerts.server";
import { suggestTitles } from "../../app/search/title-suggest.server";
import { drainOutbox } from "../../search/worker";
import { createUser } from "../support/factories";
import { createWorld, PRINCIPALS, type PrincipalName, type World } from "../support/principals";
import { freshDatabase } from "../support/db";
import { writeThread } from "../support/search";

// Authorization matrix for the saved-search paths (issue 18): principal × item scope → does the
// principal's saved-search alert, its private feed and the header's title suggestions show the
// item? Items belong to organisation A. Saved searches and feed secrets are made for everyone
// with an account (a deactivated person or one without memberships may have made theirs before):
// those get no alert and no feed at all, and title suggestions as a signed-out reader.
type Scope = "orgOnly" | "sharedWithB" | "network" | "public";
const Y = true, N = false;
const READS: Record<PrincipalName, Record<Scope, boolean>> = {
  anonymous:        { orgOnly: N, sharedWithB: N, network: N, public: Y },
  memberA:          { orgOnly: Y, sharedWithB: Y, network: Y, public: Y },
  ambassadorA:      { orgOnly: Y, sharedWithB: Y, network: Y, public: Y },
  moderatorA:       { orgOnly: Y, sharedWithB: Y, network: Y, public: Y },
  adminA:           { orgOnly: Y, sharedWithB: Y, network: Y, public: Y },
  memberB:          { orgOnly: N, sharedWithB: Y, network: Y, public: Y },
  networkModerator: { orgOnly: N, sharedWithB: N, network: Y, public: Y },
  networkAdmin:     { orgOnly: N, sharedWithB: N, network: Y, public: Y },
  deactivated:      { orgOnly: N, sharedWithB: N, network: N, public: Y },
  removed:          { orgOnly: N, sharedWithB: N, network: N, public: Y },
};
const WORDS: Record<Scope, string> = { orgOnly: "sparmatrisett", sharedWithB: "sparmatristva", network: "sparmatristre", public: "sparmatrisfyra" };
const NO_ACCOUNT_RIGHTS = new Set<PrincipalName>(["anonymous", "deactivated", "removed"]);

let db: DB;
let destroy: () => Promise<void>;
let w: World;
const searchIds = new Map<string, string>();
const tokens = new Map<PrincipalName, string>();
const parser = new Parser();
const stats = { probes: 0, leaks: 0 };

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  w = await createWorld(db);
  const before = new Date(Date.now() - 60_000);
  for (const p of PRINCIPALS) {
    if (p === "anonymous") continue;
    const userId = w.userIds[p];
    for (const scope of Object.keys(WORDS) as Scope[]) {
      const r = await insertSavedSearch(db, userId, { name: `Matris ${scope}`, query: `q=${WORDS[scope]}`, alert: "inapp" }, before);
      searchIds.set(`${p}:${scope}`, r.id);
    }
    const token = `${p}`.padEnd(43, "x").slice(0, 43).replace(/[^A-Za-z0-9_-]/g, "x");
    await db.insertInto("feed_tokens").values({ user_id: userId, token_hash: hashFeedToken(token), created_at: before }).execute();
    tokens.set(p, token);
  }
  const author = await createUser(db, { orgId: w.orgA.id });
  const vis = { orgOnly: "organisation", sharedWithB: "organisation", network: "network", public: "public" } as const;
  for (const scope of Object.keys(WORDS) as Scope[]) {
    await writeThread(db, {
      orgId: w.orgA.id, authorId: author.id, title: `Tråd om ${WORDS[scope]}`, body: "Innehåll.",
      visibility: vis[scope], sharedOrgIds: scope === "sharedWithB" ? [w.orgB.id] : [],
    });
  }
  await drainOutbox(db, null);
  await runSavedSearchAlerts(db);
});
afterAll(async () => {
  console.log(`saved-search matrix: ${stats.probes} probes, ${stats.leaks} leaks`);
  await destroy();
});

const cases = PRINCIPALS.flatMap((p) => (Object.keys(WORDS) as Scope[]).map((s) => ({ principal: p, scope: s })));

describe("saved-search authorization matrix", () => {
  it.each(cases)("$principal × $scope", async ({ principal, scope }) => {
    const may = READS[principal][scope];
    const title = `Tråd om ${WORDS[scope]}`;
    const check = (seen: boolean, expected: boolean) => {
      stats.probes++;
      if (seen && !expected) stats.leaks++;
      expect(seen).toBe(expected);
    };
    // Title suggestions: as the reader they are now.
    const titles = await suggestTitles({ db, viewer: w.viewers[principal], now: new Date() }, WORDS[scope]);
    check(titles.some((t) => t.title === title), may);
    if (principal === "anonymous") return;
    // Alerts: only people who may read the item now, never a deactivated or membership-less one.
    // (By the item, not the search: a word someone may not read may be searched as a similar word they may read, as on /search.)
    const alerted = await db.selectFrom("notifications as n").innerJoin("threads as t", "t.id", "n.thread_id").select("n.id")
      .where("n.user_id", "=", w.userIds[principal]).where("n.kind", "=", "saved_search").where("t.title", "=", title).execute();
    check(alerted.length > 0, may && !NO_ACCOUNT_RIGHTS.has(principal));
    // The private feed: the same, re-checked on fetch; none at all without current rights.
    const feed = await renderFeed({ db, now: new Date(), locale: "sv" }, `p/${tokens.get(principal)}/searches/${searchIds.get(`${principal}:${scope}`)}.atom`, "http://test.se");
    if (NO_ACCOUNT_RIGHTS.has(principal)) {
      expect(feed).toBeNull();
      return;
    }
    if (!feed || "redirect" in feed) throw new Error("no feed");
    const items = (await parser.parseString(feed.body)).items.map((i) => i.title);
    check(items.includes(title), may);
  });
});
