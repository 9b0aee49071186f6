import { describe, expect, it } from "vitest";
import { MAX_QUERY_CHARS, MAX_TERMS, parseQuery } from "../../search/query";
import { looseTsquery, strictTsquery, termTsqueries } from "../../search/postgres/tsquery";
import { mergeTypedFilters, resolveOrgs, resolveTags } from "../../app/search/typed-filters";
import { searchParamsSchema } from "../../app/search/schemas";

describe("parseQuery", () => {
  it("splits words, lower-cases them and keeps å, ä and ö", () => {
    const q = parseQuery("Får vi ÄNDRA Översättningen?");
    expect(q.words).toEqual(["får", "vi", "ändra", "översättningen"]);
    expect(q.groups).toHaveLength(4);
  });

  it("reads quoted phrases, exclusions and OR", () => {
    const q = parseQuery('"automatisk transkribering" -whisper chattbot OR robot');
    expect(q.groups).toEqual([
      [{ words: ["automatisk", "transkribering"], phrase: true, negated: false, quoted: true }],
      [{ words: ["whisper"], phrase: false, negated: true }],
      [{ words: ["chattbot"], phrase: false, negated: false }, { words: ["robot"], phrase: false, negated: false }],
    ]);
    expect(q.words).toEqual(["automatisk", "transkribering", "chattbot", "robot"]);
    expect(q.text).toBe('"automatisk transkribering" -whisper chattbot OR robot');
  });

  it("treats a hyphenated word as a phrase of its parts", () => {
    expect(parseQuery("AI-stöd").groups).toEqual([[{ words: ["ai", "stöd"], phrase: true, negated: false }]]);
  });

  it("takes typed filters out of the text", () => {
    const q = parseQuery("tag:upphandling org:gavle typ:fråga status:pilot område:hr är:löst avtal");
    expect(q.filters).toEqual({ tag: ["upphandling"], org: ["gavle"], type: ["fråga"], status: ["pilot"], area: ["hr"], is: ["löst"] });
    expect(q.words).toEqual(["avtal"]);
    expect(q.text).toBe("avtal");
  });

  it("reports unknown filters and searches their words", () => {
    const q = parseQuery("färg:blå avtal");
    expect(q.unknownFilters).toEqual(["färg"]);
    expect(q.words).toEqual(["färg", "blå", "avtal"]);
  });

  it("never throws and bounds its output", () => {
    for (const s of ["", '"', '"obalanserat', "-", "- OR -", "OR", "!!! && || ()", "'; DROP TABLE x; --", "\\", "a:", ":b", "%_%", "\u0000\u200b"]) {
      const q = parseQuery(s);
      expect(Array.isArray(q.words)).toBe(true);
    }
    const long = parseQuery("ord ".repeat(5000));
    expect(long.truncated).toBe(true);
    expect(long.groups.length).toBeLessThanOrEqual(MAX_TERMS);
    expect(parseQuery("x".repeat(MAX_QUERY_CHARS + 1)).truncated).toBe(true);
    expect(parseQuery('"obalanserat citat').groups[0][0]).toEqual({ words: ["obalanserat", "citat"], phrase: true, negated: false, quoted: true });
    expect(parseQuery("- OR -").words).toEqual([]);
  });

  it("keeps SQL and tsquery syntax out of words", () => {
    const q = parseQuery("'); DROP TABLE users; -- ':* & !");
    expect(q.words).toEqual(["drop", "table", "users"]);
    for (const w of q.words) expect(w).toMatch(/^[\p{L}\p{N}]+$/u);
  });
});

describe("tsquery building", () => {
  it("prefix-matches longer words (compounds), not short ones", () => {
    const q = parseQuery("upphandling AI");
    expect(strictTsquery(q, "stem")).toBe("'upphandling':* & 'ai'");
    expect(strictTsquery(q, "exact")).toBe("'upphandling' & 'ai'");
  });

  it("builds phrases, exclusions and alternatives", () => {
    const q = parseQuery('"ai stöd" -bot chattbot OR robot');
    expect(strictTsquery(q, "stem")).toBe("('ai' <-> 'stöd') & !'bot' & ('chattbot':* | 'robot':*)");
    expect(looseTsquery(q, "stem")).toBe("('ai' | 'stöd' | 'chattbot':* | 'robot':*) & !'bot'");
    expect(termTsqueries(q)).toEqual(["'ai'", "'stöd'", "'chattbot':*", "'robot':*"]);
  });
});

describe("typed filters", () => {
  const base = searchParamsSchema.parse({});
  it("maps Swedish and English values to filters", () => {
    const { params, messages } = mergeTypedFilters(base, parseQuery("typ:fallstudie type:question status:drift is:unanswered tag:hr org:gavle"));
    expect(params.typ).toEqual(["case", "question"]);
    expect(params.status).toEqual(["production"]);
    expect(params.answered).toBe("unanswered");
    expect(params.tag).toEqual(["hr"]);
    expect(params.org).toEqual(["gavle"]);
    expect(messages).toEqual([]);
  });

  it("explains unknown filters and values instead of failing", () => {
    const { messages } = mergeTypedFilters(base, parseQuery("typ:bild status:klar färg:röd"));
    expect(messages.map((m) => m.key)).toEqual(["search:msg.unknownType", "search:msg.unknownStatus", "search:msg.unknownFilter"]);
  });
});

describe("forgiving operator values (issue 18)", () => {
  const base = searchParamsSchema.parse({});
  const orgs = [{ id: "1", slug: "gavle", name: "Gävle kommun" }, { id: "2", slug: "region-gavleborg", name: "Region Gävleborg" }, { id: "3", slug: "ovanaker", name: "Ovanåkers kommun" }];
  it("reads status: as the Swedish labels, quoted or not", () => {
    for (const q of ['status:"i drift"', "status:idrift", "status:i_drift", "status:I-drift", "status:drift"]) {
      expect(mergeTypedFilters(base, parseQuery(q)).params.status, q).toEqual(["production"]);
    }
    const { messages } = mergeTypedFilters(base, parseQuery("status:pilt"));
    expect(messages[0].key).toBe("search:msg.unknownStatusClose");
    expect(String(messages[0].params?.close)).toContain("pilot");
  });
  it("finds org: by slug or name, with or without å/ä/ö, and lists close names for unknown ones", () => {
    for (const v of ["gävle", "gavle", '"Gävle kommun"', '"gavle kommun"']) {
      const { params } = mergeTypedFilters(base, parseQuery(`org:${v} ai`));
      expect(resolveOrgs(params.org, orgs).found.map((o) => o.slug), v).toEqual(["gavle"]);
    }
    expect(resolveOrgs(["ovanåker"], orgs).found.map((o) => o.slug)).toEqual(["ovanaker"]);
    const miss = resolveOrgs(["gälve"], orgs);
    expect(miss.found).toEqual([]);
    expect(miss.messages[0].key).toBe("search:msg.unknownOrgClose");
    expect(String(miss.messages[0].params?.close)).toContain("Gävle kommun");
  });
  it("resolves tag: synonyms and names to the tag (tag:inköp → upphandling)", () => {
    const tags = [{ slug: "upphandling", name_sv: "Upphandling", name_en: "Procurement", synonyms: ["inköp", "lou"] }, { slug: "aldreomsorg", name_sv: "Äldreomsorg", name_en: "Elderly care", synonyms: [] }];
    expect(resolveTags(["inköp", "inkop", "procurement", "aldreomsorg", "Äldreomsorg"], tags).found).toEqual(["upphandling", "aldreomsorg"]);
    const miss = resolveTags(["upphandlnig"], tags);
    expect(miss.found).toEqual([]);
    expect(miss.messages[0].key).toBe("search:msg.unknownTagClose");
  });
});
