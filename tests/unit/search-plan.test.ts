import { describe, expect, it } from "vitest";
import { parseQuery } from "../../search/query";
import { cheapestGroup, choosePlan, coreWords, estimateMatches, sinceRank, WINDOW, type PlanStats } from "../../search/postgres/plan";

const N = 1_000_000;
const marks = [256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536].map((rank, i) => ({ rank, at: new Date(Date.UTC(2026, 10, 20 - i)) }));

/** Statistics for a query: df per word (in query.words order); "stop" for a stop word. */
function stats(q: ReturnType<typeof parseQuery>, df: Record<string, number | "stop">, family: Record<string, number> = {}): PlanStats {
  return {
    n: N,
    marks,
    terms: q.words.map((w) => (df[w] === "stop" ? { stop: true, df: 0, family: 0 } : { stop: false, df: (df[w] as number) ?? 0, family: family[w] ?? (df[w] as number) ?? 0 })),
  };
}

describe("search plan", () => {
  it("estimates matches from document frequencies, words taken as independent", () => {
    const q = parseQuery("kommun avtal");
    expect(estimateMatches(q, "all", stats(q, { kommun: 300_000, avtal: 100_000 }))).toBeCloseTo(30_000);
    expect(estimateMatches(q, "any", stats(q, { kommun: 300_000, avtal: 100_000 }))).toBeCloseTo(400_000);
    // A prefix reads the whole family of words it expands to.
    const p = parseQuery("upphandling");
    expect(estimateMatches(p, "all", stats(p, { upphandling: 1000 }, { upphandling: 50_000 }))).toBeCloseTo(50_000);
  });

  it("reads few matches exactly, starting from the cheapest group", () => {
    const q = parseQuery("medborgare växeln");
    const plan = choosePlan(q, "all", stats(q, { medborgare: 300_000, växeln: 100 }));
    expect(plan).toEqual({ kind: "exact", driver: [{ words: ["växeln"], phrase: false, negated: false }] });
    // One word and no exclusions: the whole query is the lookup.
    const one = parseQuery("växeln");
    expect(choosePlan(one, "all", stats(one, { växeln: 100 }))).toEqual({ kind: "exact", driver: null });
    // An exclusion is never looked up in the index.
    const ex = parseQuery("växeln -kommun");
    expect(choosePlan(ex, "all", stats(ex, { växeln: 100 }))).toMatchObject({ kind: "exact", driver: [{ words: ["växeln"] }] });
  });

  it("never lets a stop word lead (the Swedish match leaves it out)", () => {
    const q = parseQuery("kommun och region");
    expect(cheapestGroup(q, stats(q, { kommun: 5000, och: "stop", region: 9000 }))?.group[0].words).toEqual(["kommun"]);
  });

  it("windows common words: newest matches within a row budget, titles further back", () => {
    const q = parseQuery("kommun");
    const plan = choosePlan(q, "all", stats(q, { kommun: 300_000 }));
    expect(plan.kind).toBe("window");
    if (plan.kind !== "window") return;
    expect(plan.recent).toEqual([{ words: null, rows: Math.ceil((N * WINDOW.coverage * WINDOW.recent) / 300_000) }]);
    expect(plan.titleSince).toEqual(sinceRank(stats(q, {}), 4 * WINDOW.maxRows));
  });

  it("bounds the walk for a phrase of common words, and reads a rarer phrase's few candidates exactly", () => {
    const q = parseQuery('"kommun region"');
    const plan = choosePlan(q, "all", stats(q, { kommun: 300_000, region: 300_000 }));
    expect(plan).toMatchObject({ kind: "window", recent: [{ words: null, rows: WINDOW.maxRows }], titleSince: null });
    expect(choosePlan(q, "all", stats(q, { kommun: 20_000, region: 20_000 }))).toEqual({ kind: "exact", driver: null });
  });

  it("reads the whole budget when asked (second look) or when filters thin the newest documents", () => {
    const q = parseQuery("kommun");
    const s = stats(q, { kommun: 300_000 });
    expect(choosePlan(q, "all", s, true)).toMatchObject({ recent: [{ rows: WINDOW.maxRows }] });
    expect(choosePlan(q, "all", s, false, true)).toMatchObject({ recent: [{ rows: WINDOW.maxRows }] });
  });

  it("lets a question's rarest words lead, and walks all its known words too", () => {
    const q = parseQuery("hur har ni gjort med växeln och upphandling");
    const s = stats(q, { hur: "stop", har: "stop", ni: "stop", gjort: 0, med: "stop", växeln: 100, och: "stop", upphandling: 300_000 });
    expect(coreWords(q, s)).toEqual(["växeln"]);
    const plan = choosePlan(q, "any", s);
    expect(plan).toMatchObject({ kind: "window", recent: [{ words: ["växeln"], rows: null }, { words: ["växeln", "upphandling"] }] });
    if (plan.kind === "window") expect(plan.recent[1].rows).toBeGreaterThan(0);
  });

  it("answers exactly when the whole index is small", () => {
    const q = parseQuery("kommun");
    expect(choosePlan(q, "all", { n: 500, marks: [], terms: [{ stop: false, df: 400, family: 400 }] })).toEqual({ kind: "exact", driver: null });
  });

  it("a question whose rare words are read through the index gets a bounded walk for its synonyms and compound parts", () => {
    // The index read matches the rare words alone (search.ts prices and reads them so); what the
    // synonyms and parts add — on the bench data a third of 1.1 M documents — comes from the newest.
    const plain = parseQuery("hur har ni gjort med dpia i urvalet");
    const df = { hur: "stop", har: "stop", ni: "stop", gjort: 40, med: "stop", dpia: 300, i: "stop", urvalet: 200 } as const;
    const without = choosePlan(plain, "any", stats(plain, df));
    expect(without.kind === "window" && without.recent.every((t) => t.rows === null)).toBe(true);
    const withSynonym = { ...plain, groups: plain.groups.map((g) => (g[0].words[0] === "dpia" ? [...g, { words: ["konsekvensbedömning"], phrase: false, negated: false, synonym: true }] : g)) };
    const plan = choosePlan(withSynonym, "any", stats(withSynonym, df));
    expect(plan.kind).toBe("window");
    if (plan.kind !== "window") return;
    expect(plan.recent.at(-1)).toEqual({ words: ["gjort", "dpia", "urvalet"], rows: WINDOW.maxRows });
    expect(plan.recent.slice(0, -1).every((t) => t.rows === null)).toBe(true);
  });
});
