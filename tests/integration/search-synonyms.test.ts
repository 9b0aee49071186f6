import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { PostgresEngine } from "../../search/postgres/engine";
import { refreshStatistics, upsertDocuments } from "../../search/postgres/indexer";
import { createOrg } from "../support/factories";
import { freshDatabase } from "../support/db";
import { makeDoc, req } from "../support/search";

// Admin-managed synonyms (issue 18): the seeded groups of migration 2026-12-02T1700 expand a query
// word in the PostgreSQL engine, ranked below the word typed, with the synonym highlighted.
let db: DB;
let destroy: () => Promise<void>;
const engine = () => new PostgresEngine(db);
const titles = (r: { hits: { title: string }[] }) => r.hits.map((h) => h.title);

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  const org = await createOrg(db, { name: "Kommun S" });
  const d = (title: string, summary: string) => makeDoc({ orgId: org.id, title, summary });
  await upsertDocuments(db, [
    d("Mall för konsekvensbedömning", "Hur gör ni en konsekvensbedömning innan ett AI-projekt?"),
    d("Konsekvensbedömning av chattbot", "Vår konsekvensbedömning tog två veckor."),
    d("Vad är en DPIA?", "Kort om DPIA för nya system."),
    d("Personalfrågor vid införande", "Facket och personal behöver vara med."),
    d("Riktlinjer för skolan", "Inget om dataskydd här."),
  ]);
  await refreshStatistics(db);
});
afterAll(() => destroy());

describe("admin synonyms in the PostgreSQL engine", () => {
  it("DPIA finds the documents that say konsekvensbedömning, the word typed first, the synonym highlighted", async () => {
    const r = await engine().search(req("DPIA"), null);
    expect(titles(r).sort()).toEqual(["Konsekvensbedömning av chattbot", "Mall för konsekvensbedömning", "Vad är en DPIA?"].sort());
    expect(r.hits[0].title).toBe("Vad är en DPIA?");
    const syn = r.hits.find((h) => h.title === "Mall för konsekvensbedömning")!;
    expect(syn.titleHtml + syn.snippetHtml).toMatch(/<mark>konsekvensbedömning<\/mark>/i);
  });

  it("works in the other direction and in a multi-word search (HR ↔ personal)", async () => {
    const r = await engine().search(req("konsekvensbedömning"), null);
    expect(titles(r)).toContain("Vad är en DPIA?");
    expect(titles(await engine().search(req("HR"), null))).toEqual(["Personalfrågor vid införande"]);
  });

  it("a quoted word is searched exactly, without synonyms", async () => {
    expect(titles(await engine().search(req('"dpia"'), null))).toEqual(["Vad är en DPIA?"]);
  });

  it("a removed group no longer expands", async () => {
    await sql`UPDATE search_synonyms SET deleted_at = now() WHERE 'dpia' = ANY(terms)`.execute(db);
    try {
      expect(titles(await engine().search(req("DPIA"), null))).toEqual(["Vad är en DPIA?"]);
    } finally {
      await sql`UPDATE search_synonyms SET deleted_at = NULL WHERE 'dpia' = ANY(terms)`.execute(db);
    }
  });
});
