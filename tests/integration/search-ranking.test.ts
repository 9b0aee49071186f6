import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { PostgresEngine } from "../../search/postgres/engine";
import { RANKING } from "../../search/postgres/rank";
import { refreshStatistics, upsertDocuments } from "../../search/postgres/indexer";
import { createOrg } from "../support/factories";
import { freshDatabase } from "../support/db";
import { makeDoc, req } from "../support/search";

// Questions rank again by character 4-grams (search/postgres/grams.ts,
// docs/decisions/2026-12-02-search-ranking.md): a rare word's inflections and compounds count,
// common verbs hardly do, and the solved and recency bonuses never outweigh the text match.
let db: DB;
let destroy: () => Promise<void>;
let orgId: string;
const engine = () => new PostgresEngine(db);
const titles = async (q: string) => (await engine().search(req(q), null)).hits.map((h) => h.title);
const old = new Date("2020-01-01");

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  orgId = (await createOrg(db)).id;
  await upsertDocuments(db, [
    // The answer: the question's rare word only as an inflected form the stemmer keeps apart.
    makeDoc({ orgId, title: "Öppet mellan november och mars", summary: "Vi hanterar intresseanmälningarna löpande och svarar inom en vecka.", updatedAt: old, createdAt: old }),
    // Common verbs of the question, solved and brand new: the bonuses must not lift it above.
    makeDoc({ orgId, title: "Hur går det till", summary: "Det går bra att skicka in, det går fort och man får svar.", solved: true, accepted: true }),
    makeDoc({ orgId, title: "Att skicka in", summary: "Man kan skicka in, skicka om och skicka vidare.", solved: true }),
    ...Array.from({ length: 20 }, (_, i) => makeDoc({ orgId, title: `Fyllnad ${i}`, summary: `Det går att skicka saker ${i} gånger.` })),
  ]);
  await refreshStatistics(db);
});
afterAll(() => destroy());

describe("question ranking by 4-grams", () => {
  it("indexes each document's 4-grams and their document frequencies", async () => {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_gram_stats WHERE gram IN ('0int', 'ansv', 'mäln')`.execute(db);
    expect(rows[0].n).toBeGreaterThanOrEqual(2);
    const g = await sql<{ g: string }>`SELECT search_grams('Ansvar')::text AS g`.execute(db);
    expect(g.rows[0].g).toBe("'0ans':1 'ansv':2 'nsva':3 'svar':4 'var0':5");
  });

  it("ranks the document with the rare word's inflection first, above solved and recent ones with the common verbs", async () => {
    const q = "När är sista dagen för att skicka in intresseanmälan och hur går det till";
    expect((await titles(q))[0]).toBe("Öppet mellan november och mars");
  });

  it("without the gram share, the same question ranks a document of common verbs first (the test can fail)", async () => {
    const saved = RANKING.grams;
    RANKING.grams = 0;
    try {
      const q = "När är sista dagen för att skicka in intresseanmälan och hur går det till";
      expect((await titles(q))[0]).not.toBe("Öppet mellan november och mars");
    } finally {
      RANKING.grams = saved;
    }
  });

  it("keyword searches (under four words) are ranked by stems alone, as before", async () => {
    expect(await titles("intresseanmälan")).toEqual([]);
  });
});
