import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { PostgresEngine } from "../../search/postgres/engine";
import { refreshStatistics, upsertDocuments } from "../../search/postgres/indexer";
import { WINDOW } from "../../search/postgres/plan";
import type { SearchDocument } from "../../search/types";
import { createOrg, createUser, viewerFor } from "../support/factories";
import { freshDatabase } from "../support/db";
import { makeDoc, req } from "../support/search";
import type { Viewer } from "../../app/policy";

// The large-index paths (search/postgres/plan.ts) on a small index: the window sizes are scaled
// down so that a word in 200 documents is "common". Checks what matters at a million documents:
// bounded candidates still put exact and phrase titles first whatever their age, a rare word
// still finds its few documents among common ones, and nothing out of scope ever comes back.

let db: DB;
let destroy: () => Promise<void>;
let viewer: Viewer;
const saved = { ...WINDOW };
const docs: Record<string, SearchDocument> = {};
const minutesAgo = (m: number) => new Date(Date.UTC(2026, 10, 20) - m * 60_000);

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  const orgA = (await createOrg(db)).id;
  const orgB = (await createOrg(db)).id;
  viewer = await viewerFor(db, (await createUser(db, { orgId: orgA })).id);
  const all: SearchDocument[] = [];
  for (let i = 0; i < 200; i++) {
    all.push(makeDoc({ orgId: orgA, title: i % 10 === 0 ? `Tråd ${i} om rutiner` : "", summary: `Kommunens arbete med rutiner, del ${i}. Vi delar erfarenheter.`, updatedAt: minutesAgo(i) }));
  }
  for (let i = 0; i < 40; i++) {
    all.push(makeDoc({ orgId: orgB, visibility: "organisation", title: `Intern kommunplan ${i}`, summary: "Kommunens interna hemligheter om lönesättning.", updatedAt: minutesAgo(i) }));
  }
  const d = (k: string, o: Partial<SearchDocument>) => all.push((docs[k] = makeDoc({ orgId: orgA, ...o })));
  d("exact", { title: "Kommunens", summary: "En gammal översikt.", updatedAt: new Date("2020-01-01T00:00:00Z") });
  d("titled", { title: "Kommunens arbete i praktiken", summary: "Gammalt men träffsäkert.", updatedAt: new Date("2020-02-01T00:00:00Z") });
  d("rare", { summary: "Kommunens nya växelbord kopplar samtalen rätt.", updatedAt: new Date("2020-03-01T00:00:00Z") });
  await upsertDocuments(db, all);
  await refreshStatistics(db);
  Object.assign(WINDOW, { exactMax: 20, recent: 10, title: 5, maxRows: 60 });
});
afterAll(async () => {
  Object.assign(WINDOW, saved);
  await destroy();
});

const engine = () => new PostgresEngine(db);

describe("search over a large index (scaled down)", () => {
  it("never says 'more than' because of another organisation's private documents", async () => {
    // "lönesättning" is common only in organisation B's organisation-only documents: the plan
    // walks a bounded window for it, but this viewer may read none of them.
    const r = await engine().search(req("lönesättning"), viewer);
    expect(r.total).toBe(0);
    expect(r.capped).toBeFalsy();
    expect(r.hits).toEqual([]);
  });

  it("ranks a bounded window for a common word, says 'more than', and keeps old title matches first", async () => {
    const r = await engine().search(req("kommunens"), viewer);
    expect(r.capped).toBe(true);
    expect(r.hits[0].id).toBe(docs.exact.id);
    expect(r.hits.map((h) => h.id)).toContain(docs.titled.id);
    expect(r.total).toBeLessThan(200);
    for (const f of r.facets.kind) expect(f.count).toBeLessThanOrEqual(r.total);
  });

  it("finds a rare word's documents among common ones, through the rare word", async () => {
    const r = await engine().search(req("kommunens växelbord"), viewer);
    // One document has both words; soft AND (issue 18) adds the best with one of them, below it.
    expect(r.hits[0].id).toBe(docs.rare.id);
    expect(r.strictTotal).toBe(1);
    expect(r.missing).toEqual(["växelbord"]);
    const q = await engine().search(req("hur har ni gjort med kommunens växelbord?"), viewer);
    expect(q.mode).toBe("any");
    expect(q.hits[0].id).toBe(docs.rare.id);
  });

  it("puts a phrase in the title first for a common phrase", async () => {
    const r = await engine().search(req('"kommunens arbete"'), viewer);
    expect(r.hits[0].id).toBe(docs.titled.id);
    expect(r.hits.every((h) => h.snippetHtml.length > 0)).toBe(true);
  });

  it("never returns another organisation's documents, in hits, counts or facets", async () => {
    for (const text of ["kommunens", "kommunens interna", '"kommunens interna"', "hur gör kommunens interna arbete?", "lönesättning"]) {
      const r = await engine().search(req(text), viewer);
      expect(r.hits.every((h) => h.visibility !== "organisation" || h.orgId === viewer.primaryOrgId), text).toBe(true);
      expect(r.facets.org.map((f) => f.value).every((o) => o === viewer.primaryOrgId), text).toBe(true);
    }
    expect((await engine().search(req("lönesättning"), viewer)).total).toBe(0);
  });
});
