import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { PostgresEngine } from "../../search/postgres/engine";
import { upsertDocuments } from "../../search/postgres/indexer";
import { COMPOUND_CASES } from "../../search/compound-cases";
import { createOrg } from "../support/factories";
import { freshDatabase } from "../support/db";
import { makeDoc, req } from "../support/search";

let db: DB;
let destroy: () => Promise<void>;
let orgId: string;
const engine = () => new PostgresEngine(db);
const titles = async (q: string) => (await engine().search(req(q), null)).hits.map((h) => h.title);

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  orgId = (await createOrg(db)).id;
  // Words that are also documents of their own, so the vocabulary knows the compound parts.
  const words = ["ram", "moln", "ärende", "personal", "handboken", "tjänster", "avtal", "möte", "anteckningar"];
  await upsertDocuments(db, words.map((w) => makeDoc({ orgId, title: `Ordlista ${w}`, summary: w })));
  await upsertDocuments(db, COMPOUND_CASES.map((c) => makeDoc({ orgId, title: `Dokument om ${c.word}`, summary: `Här står det om ${c.word} i en mening.` })));
  await upsertDocuments(db, [
    makeDoc({ orgId, title: "Arbetsår och ärenden", summary: "Ett år med ärenden." }),
    makeDoc({ orgId, title: "Gamla ar och are", summary: "Ytenheter: ar och hektar." }),
    makeDoc({ orgId, title: "Översättning av beslut", summary: "Vi översatte besluten." }),
    makeDoc({ orgId, title: "Oversattning utan prickar", summary: "Stavat utan å, ä och ö." }),
  ]);
});
afterAll(() => destroy());

describe("Swedish stemming", () => {
  it.each([
    ["beslut", "Översättning av beslut"],
    ["besluten", "Översättning av beslut"],
    ["översättningar", "Översättning av beslut"],
    ["ärende", "Arbetsår och ärenden"],
  ])("%s finds %s", async (q, title) => {
    expect(await titles(q)).toContain(title);
  });

  it("keeps å, ä and ö distinct from a and o (no unaccent)", async () => {
    expect(await titles("år")).toContain("Arbetsår och ärenden");
    expect(await titles("år")).not.toContain("Gamla ar och are");
    expect(await titles("ar")).not.toContain("Arbetsår och ärenden");
    expect(await titles("översättning")).not.toContain("Oversattning utan prickar");
    expect(await titles("oversattning")).not.toContain("Översättning av beslut");
  });
});

describe("Swedish compounds", () => {
  it.each(COMPOUND_CASES)("$query finds $word ($where)", async ({ query, word }) => {
    expect(await titles(query)).toContain(`Dokument om ${word}`);
  });
});
