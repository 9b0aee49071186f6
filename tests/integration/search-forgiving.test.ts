import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { PostgresEngine } from "../../search/postgres/engine";
import { refreshStatistics, upsertDocuments } from "../../search/postgres/indexer";
import { searchForViewer } from "../../app/search/search.server";
import { searchParamsSchema } from "../../app/search/schemas";
import { createOrg } from "../support/factories";
import { freshDatabase } from "../support/db";
import { makeDoc, req } from "../support/search";

// Forgiving input (issue 18): missing å/ä/ö and typos are searched as the readable word they
// stand for, with the page saying so; soft AND relaxes a strict query that few documents match
// and names the words it left out. Real PostgreSQL, documents through the indexer.
let db: DB;
let destroy: () => Promise<void>;
const engine = () => new PostgresEngine(db);
const page = (q: string, extra: Record<string, unknown> = {}) =>
  searchForViewer({ db, viewer: null, now: new Date() }, searchParamsSchema.parse({ q, ...extra }), "sv");

beforeAll(async () => {
  ({ db, destroy } = await freshDatabase());
  const org = await createOrg(db, { name: "Kommun F" });
  const d = (title: string, summary: string) => makeDoc({ orgId: org.id, title, summary });
  await upsertDocuments(db, [
    d("Kundtjänst i kommunen", "Hur organiserar ni kundtjänst och växel?"),
    d("Växeln svarar med röstbot", "Vår växel kopplar samtal."),
    d("Äldreomsorg och AI", "Stöd i äldreomsorg och hemtjänst."),
    d("Upphandling av AI-tjänster", "Upphandling enligt LOU."),
    d("Upphandling av språkmodeller", "Krav i upphandling."),
    d("Upphandlad lösning", "En upphandlad tjänst."),
    d("GDPR och chattbottar", "Dataskydd enligt GDPR."),
    d("Riktlinjer för generativ AI", "Våra riktlinjer för generativ AI i förvaltningen."),
    d("Riktlinjer för AI i skolan", "Riktlinjer för lärare om AI."),
    d("Generativ AI i kundtjänst", "Erfarenheter av generativ AI."),
    d("Far och mor", "Om far i familjen."),
    d("Får och getter", "Om får på gården."),
    d("Upphandlingsprocessen steg för steg", "Så går upphandlingsprocessen till."),
    d("Processen för upphandling i kommunen", "Vår process när vi gör en upphandling."),
  ]);
  await refreshStatistics(db);
});
afterAll(() => destroy());

describe("missing diacritics", () => {
  it("searches kundtjanst, vaxel and aldreomsorg as the words with å/ä/ö, and says so", async () => {
    for (const [typed, word] of [["kundtjanst", "kundtjänst"], ["vaxel", "växel"], ["aldreomsorg", "äldreomsorg"]]) {
      const r = await engine().search(req(typed), null);
      expect(r.searchedFor, typed).toBe(word);
      expect(r.total, typed).toBeGreaterThan(0);
      expect(r.hits[0].titleHtml + r.hits[0].snippetHtml).toContain("<mark>");
    }
    const p = await page("kundtjanst");
    expect(p.searchedFor).toBe("kundtjänst");
    expect(p.total).toBe(2);
  });

  it("keeps å/ä/ö distinct where both forms exist (far vs får)", async () => {
    const far = await engine().search(req("far"), null);
    expect(far.searchedFor ?? null).toBeNull();
    expect(far.hits.map((h) => h.title)).toEqual(["Far och mor"]);
    const faar = await engine().search(req("får"), null);
    expect(faar.hits.map((h) => h.title)).toEqual(["Får och getter"]);
  });

  it("searches exactly what was typed when asked (exact=1), with 'did you mean'", async () => {
    const r = await engine().search(req("kundtjanst", {}, { exact: true }), null);
    expect(r.total).toBe(0);
    expect(r.searchedFor ?? null).toBeNull();
    expect(r.didYouMean).toBe("kundtjänst");
    const p = await page("kundtjanst", { exact: "1" });
    expect(p.total).toBe(0);
    expect(p.searchedFor).toBeNull();
  });
});

describe("typos", () => {
  it("searches upphandlnig as upphandling (closest, then commonest), not upphandlad", async () => {
    const r = await engine().search(req("upphandlnig"), null);
    expect(r.searchedFor).toBe("upphandling");
    const titles = r.hits.map((h) => h.title);
    expect(titles).toEqual(expect.arrayContaining(["Upphandling av AI-tjänster", "Upphandling av språkmodeller"]));
    // The Swedish stem prefix ('upphandl':*) still reaches "upphandlad", but below the word itself.
    const after = titles.indexOf("Upphandlad lösning");
    if (after >= 0) expect(after).toBeGreaterThan(titles.indexOf("Upphandling av AI-tjänster"));
  });

  it("corrects a transposed acronym (GPDR → gdpr) and leaves correct words alone", async () => {
    expect((await engine().search(req("GPDR"), null)).searchedFor).toBe("gdpr");
    const ok = await engine().search(req("gdpr"), null);
    expect(ok.searchedFor ?? null).toBeNull();
    expect(ok.total).toBe(1);
  });

  it("does not correct short words or words far from any other", async () => {
    expect((await engine().search(req("qzxvbnm"), null)).searchedFor ?? null).toBeNull();
    expect((await engine().search(req("xyz"), null)).total).toBe(0);
  });
});

describe("compounds in the query direction", () => {
  it("finds upphandling and process threads for upphandlingsprocessen, the compound itself first", async () => {
    const r = await engine().search(req("upphandlingsprocessen"), null);
    const titles = r.hits.map((h) => h.title);
    expect(titles[0]).toBe("Upphandlingsprocessen steg för steg");
    // Both parts rank above one part; every upphandling thread is found.
    expect(titles[1]).toBe("Processen för upphandling i kommunen");
    expect(titles).toContain("Upphandling av AI-tjänster");
    expect(titles.indexOf("Upphandling av AI-tjänster")).toBeGreaterThan(1);
  });
});

describe("soft AND", () => {
  it("relaxes a three-word query that one document matches, keeps that one first, and names what others lack", async () => {
    const r = await engine().search(req("riktlinjer generativ AI"), null);
    expect(r.strictTotal).toBe(1);
    expect(r.total).toBeGreaterThan(1);
    expect(r.hits[0].title).toBe("Riktlinjer för generativ AI");
    expect(r.missing?.length).toBeGreaterThan(0);
    const p = await page("riktlinjer generativ AI");
    expect(p.missing.length).toBeGreaterThan(0);
    expect(p.strictTotal).toBe(1);
  });

  it("never silently drops a word that exists nowhere (AI-policy)", async () => {
    const r = await engine().search(req("AI-policy"), null);
    expect(r.total).toBeGreaterThan(0);
    expect(r.missing).toEqual(["policy"]);
    expect(r.strictTotal).toBe(0);
  });

  it("does not relax when enough documents have every word", async () => {
    const r = await engine().search(req("upphandling"), null);
    expect(r.missing ?? []).toEqual([]);
    expect(r.mode).toBe("all");
  });
});

describe("bad input", () => {
  it("answers 10,000 characters, control characters and unbalanced quotes with a clean page", async () => {
    for (const q of ["upphandlnig ".repeat(900).slice(0, 10_000), "kund\u0000tj\u0007anst\u001b[0m", '"riktlinjer generativ', "\"\"\"", "-", "tag:\u0000"]) {
      const t = Date.now();
      const p = await page(q);
      expect(["results", "start"]).toContain(p.state);
      expect(Date.now() - t).toBeLessThan(1000);
    }
  });
});
