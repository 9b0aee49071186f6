import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { canRead, type Viewer } from "../../app/policy";
import { searchForViewer, suggestForViewer } from "../../app/search/search.server";
import { similarForViewer } from "../../app/search/similar.server";
import { searchParamsSchema } from "../../app/search/schemas";
import { PostgresEngine } from "../../search/postgres/engine";
import { refreshStatistics } from "../../search/postgres/indexer";
import { createOrg, createUser, viewerFor } from "../support/factories";
import { createWorld, PRINCIPALS, type PrincipalName, type World } from "../support/principals";
import { freshDatabase } from "../support/db";
import { req, writeThread } from "../support/search";

// A unique canary word is planted in organisation-only content (a question and its reply) of
// every organisation. No principal outside the organisation may learn it through results,
// counts, facets, snippets, "did you mean" or suggestions; members must find it (so the test
// would notice a search that finds nothing at all).
const letters = (n: number) => Array.from({ length: n }, () => "bcdfghjklmnpqrstvwxz"[Math.floor(Math.random() * 20)]).join("");
const COMMON = "gemensamtord";

let db: DB;
let destroy: () => Promise<void>;
let world: World;
const viewers: Record<string, Viewer | null> = {};
const orgs: { id: string; canary: string }[] = [];
const engine = () => new PostgresEngine(db);
const params = (q: string, extra: Record<string, unknown> = {}) => searchParamsSchema.parse({ q, ...extra });
const ctx = (viewer: Viewer | null) => ({ db, viewer, now: new Date() });

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  world = await createWorld(db);
  for (const p of PRINCIPALS) viewers[p] = world.viewers[p];
  const orgD = await createOrg(db, { name: "Kommun D" });
  const orgE = await createOrg(db, { name: "Bolag E", kind: "company" });
  viewers.memberD = await viewerFor(db, (await createUser(db, { orgId: orgD.id })).id);
  viewers.memberDE = await viewerFor(db, (await createUser(db, { memberships: [{ orgId: orgD.id, role: "member" }, { orgId: orgE.id, role: "admin" }] })).id);
  const author = await createUser(db, { memberships: [world.orgA, world.orgB, world.orgC, orgD, orgE].map((o) => ({ orgId: o.id, role: "member" as const })) });
  for (const org of [world.orgA, world.orgB, world.orgC, orgD, orgE]) {
    const canary = `kanarie${letters(10)}`;
    orgs.push({ id: org.id, canary });
    await writeThread(db, {
      orgId: org.id, authorId: author.id, title: `Internt om ${canary}`, body: `Vi testar ${canary} i vår förvaltning. ${COMMON}.`,
      replies: [`Svar: ${canary}programmet fungerar. ${COMMON}`],
    });
  }
  await writeThread(db, { orgId: world.orgA.id, authorId: author.id, title: "Öppen tråd", body: `Allmänt ${COMMON}.`, visibility: "public" });
  await refreshStatistics(db);
});
afterAll(() => destroy());

const everyone = () => Object.keys(viewers) as (PrincipalName | "memberD" | "memberDE")[];

describe("search canary: organisation-only content never leaks", () => {
  it("is found by members and by nobody else, in results and counts", async () => {
    let found = 0;
    for (const who of everyone()) {
      const v = viewers[who];
      for (const o of orgs) {
        const allowed = canRead(v, { orgId: o.id, visibility: "organisation", sharedOrgIds: [] });
        const r = await engine().search(req(o.canary), v);
        expect(r.total, `${who} searching ${o.canary}`).toBe(allowed ? 1 : 0);
        const page = await searchForViewer(ctx(v), params(o.canary), "sv");
        expect(page.total).toBe(allowed ? 1 : 0);
        expect(JSON.stringify({ ...page, params: null }).includes(o.canary)).toBe(allowed);
        if (allowed) found++;
      }
    }
    expect(found).toBeGreaterThanOrEqual(5);
  });

  it("never surfaces the canary through a question's 4-gram ranking (grams only re-order readable matches)", async () => {
    for (const who of everyone()) {
      const v = viewers[who];
      for (const o of orgs) {
        const allowed = canRead(v, { orgId: o.id, visibility: "organisation", sharedOrgIds: [] });
        // A question (4+ words): its grams ("kana", "anar", …) are shared with every canary, and the
        // common word makes the public thread a candidate; only readable documents may come back.
        const q = `hur har ni arbetat med ${o.canary} och ${COMMON} i förvaltningen`;
        const r = await engine().search(req(q), v);
        expect(r.mode).toBe("any");
        const text = JSON.stringify(r);
        for (const other of orgs) {
          const readable = canRead(v, { orgId: other.id, visibility: "organisation", sharedOrgIds: [] });
          if (!readable) expect(text.includes(other.canary), `${who} sees ${other.canary} via a question`).toBe(false);
        }
        if (allowed) expect(r.hits[0]?.title, `${who} asks about ${o.canary}`).toContain(o.canary);
      }
    }
  });

  it("never offers the canary as a similar question while someone types a title", async () => {
    for (const who of everyone()) {
      const v = viewers[who];
      for (const o of orgs) {
        const allowed = canRead(v, { orgId: o.id, visibility: "organisation", sharedOrgIds: [] });
        const similar = await similarForViewer(ctx(v), `Hur gör ni med ${o.canary} och ${COMMON}?`);
        expect(similar.length, `${who} gets some similar question`).toBeGreaterThan(0);
        const text = JSON.stringify(similar);
        expect(text.includes(o.canary), `${who} is offered ${o.canary}`).toBe(allowed);
        for (const other of orgs) {
          if (!canRead(v, { orgId: other.id, visibility: "organisation", sharedOrgIds: [] })) expect(text.includes(other.canary)).toBe(false);
        }
      }
    }
  });

  it("never shows the canary in snippets, titles, counts or facets of other searches", async () => {
    for (const who of everyone()) {
      const v = viewers[who];
      const readable = orgs.filter((o) => canRead(v, { orgId: o.id, visibility: "organisation", sharedOrgIds: [] }));
      const page = await searchForViewer(ctx(v), params(COMMON), "sv");
      const text = JSON.stringify({ ...page, params: null });
      for (const o of orgs) expect(text.includes(o.canary), `${who} sees ${o.canary}`).toBe(readable.includes(o));
      expect(page.total, who).toBe(readable.length + 1);
      const orgFacet = page.facets.org.reduce((n, f) => n + f.count, 0);
      expect(orgFacet, who).toBe(readable.length + 1);
      const kindFacet = page.facets.kind.reduce((n, f) => n + f.count, 0);
      expect(kindFacet, who).toBe(readable.length + 1);
      // Browsing one organisation's content (filters, no words) counts only readable items.
      for (const o of orgs) {
        const r = await engine().search(req("", { orgs: [o.id] }), v);
        expect(r.total, `${who} browsing org ${o.id}`).toBe((readable.includes(o) ? 1 : 0) + (o.id === world.orgA.id ? 1 : 0));
      }
    }
  });

  it("never suggests the canary as a completion or as 'did you mean'", async () => {
    for (const who of everyone()) {
      const v = viewers[who];
      for (const o of orgs) {
        const allowed = canRead(v, { orgId: o.id, visibility: "organisation", sharedOrgIds: [] });
        const completions = await suggestForViewer(ctx(v), o.canary.slice(0, 9));
        expect(completions.includes(o.canary), `${who} completes ${o.canary}`).toBe(allowed);
        // "y" is never in a canary. Not at the end: an English stem of "…ly" drops it, and the
        // shortened stem then prefix-matches the canary itself (readable or not, so not a leak,
        // but not a typo either).
        const typo = `${o.canary.slice(0, 7)}y${o.canary.slice(8)}`;
        // A typo is searched as the readable word it is closest to (correct.ts): for members only.
        const r = await engine().search(req(typo), v);
        expect(r.total, `${who} corrected ${typo}`).toBe(allowed ? 1 : 0);
        expect(r.searchedFor === o.canary, `${who} searched-for ${typo}`).toBe(allowed);
        expect(JSON.stringify(r).includes(o.canary), `${who} sees ${o.canary} via ${typo}`).toBe(allowed);
        // Exactly what was typed: nothing, and "did you mean" only for members.
        const exact = await engine().search(req(typo, {}, { exact: true }), v);
        expect(exact.total).toBe(0);
        expect(exact.didYouMean === o.canary, `${who} did-you-mean ${typo}`).toBe(allowed);
      }
    }
  });

  it("never corrects missing å/ä/ö to an organisation-only word, nor relaxes the query onto one", async () => {
    const author = await createUser(db, { orgId: world.orgA.id });
    const word = `kanariehällö${letters(6)}`;
    await writeThread(db, { orgId: world.orgA.id, authorId: author.id, title: `Om ${word}`, body: `Bara för A: ${word}.` });
    const folded = word.replace("ä", "a").replace("ö", "o");
    for (const who of everyone()) {
      const v = viewers[who];
      const allowed = canRead(v, { orgId: world.orgA.id, visibility: "organisation", sharedOrgIds: [] });
      const page = await searchForViewer(ctx(v), params(folded), "sv");
      expect(page.total, `${who} ${folded}`).toBe(allowed ? 1 : 0);
      expect(page.searchedFor === word, who).toBe(allowed);
      expect(JSON.stringify({ ...page, params: null }).includes(word), `${who} sees ${word}`).toBe(allowed);
      // Soft AND with a public word: outsiders get the public thread only, never the word.
      const soft = await searchForViewer(ctx(v), params(`${COMMON} ${word}`), "sv");
      expect(JSON.stringify({ ...soft, params: null }).includes(`Om ${word}`), `${who} soft AND`).toBe(allowed);
      expect(soft.total, `${who} soft AND total`).toBe(1 + orgs.filter((o) => canRead(v, { orgId: o.id, visibility: "organisation", sharedOrgIds: [] })).length + (allowed ? 1 : 0));
    }
  });

  it("follows visibility changes and deletions made through the outbox", async () => {
    const o = orgs[0];
    const memberB = viewers.memberB;
    const thread = await db.selectFrom("threads").select("id").where("title", "=", `Internt om ${o.canary}`).executeTakeFirstOrThrow();
    const { recordSearchChange } = await import("../../search/outbox");
    await db.transaction().execute(async (trx) => {
      await trx.updateTable("threads").set({ shared_org_ids: [world.orgB.id] }).where("id", "=", thread.id).execute();
      await recordSearchChange(trx, "thread", thread.id);
    });
    // Shared with B: the question and its reply (which inherits the thread's scope).
    expect((await engine().search(req(`${o.canary}programmet`), memberB)).total).toBe(1);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable("threads").set({ shared_org_ids: [], deleted_at: new Date() }).where("id", "=", thread.id).execute();
      await recordSearchChange(trx, "thread", thread.id, "delete");
    });
    expect((await engine().search(req(o.canary), viewers.memberA)).total).toBe(0);
    expect((await engine().search(req(`${o.canary}programmet`), viewers.memberA)).total).toBe(0);
    expect(await suggestForViewer(ctx(viewers.memberA), o.canary.slice(0, 9))).not.toContain(o.canary);
  });

  it("follows membership changes at once (scope is computed per search)", async () => {
    const o = orgs[1]; // organisation B
    const v = viewers.memberA!;
    expect((await engine().search(req(o.canary), v)).total).toBe(0);
    const joined: Viewer = { ...v, memberships: [...v.memberships, { orgId: o.id, role: "member" }] };
    expect((await engine().search(req(o.canary), joined)).total).toBe(1);
  });

  it("never surfaces an unreadable document through a synonym (a public word grouped with each canary)", async () => {
    for (const o of orgs) await db.insertInto("search_synonyms").values({ terms: [`synonymord${o.canary.slice(-6)}`, o.canary] }).execute();
    let found = 0;
    for (const who of everyone()) {
      const v = viewers[who];
      for (const o of orgs) {
        // Earlier cases change some canaries' visibility: the synonym finds exactly what the canary itself finds.
        const direct = (await engine().search(req(o.canary), v)).total;
        const allowed = canRead(v, { orgId: o.id, visibility: "organisation", sharedOrgIds: [] }) && direct > 0;
        const word = `synonymord${o.canary.slice(-6)}`;
        const r = await engine().search(req(word), v);
        expect(r.total, `${who} searching ${word}`).toBe(allowed ? direct : 0);
        const page = await searchForViewer(ctx(v), params(word), "sv");
        expect(page.total).toBe(allowed ? direct : 0);
        expect(JSON.stringify({ ...page, params: null }).includes(o.canary)).toBe(allowed);
        if (allowed) { found++; expect(r.hits[0].titleHtml).toContain(`<mark>${o.canary}</mark>`); }
      }
    }
    expect(found).toBeGreaterThanOrEqual(5);
  });
});
