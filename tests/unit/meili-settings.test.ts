import { describe, expect, it } from "vitest";
import { indexSettings, synonymsFromGroups } from "../../search/meilisearch/settings";
import { maxEdits } from "../../search/postgres/correct";

// The Meilisearch adapter gets what the PostgreSQL engine uses: the same synonym groups (tags and
// the admin list, merged where they share a term) and the same typo budget.
describe("Meilisearch settings", () => {
  it("makes every term of a group interchangeable, merging groups that share a term", () => {
    const s = synonymsFromGroups([["Upphandling", "Procurement", "inköp"], ["DPIA", "konsekvensbedömning"], ["inköp", "anskaffning"], ["  ", "x"]]);
    expect(s["dpia"]).toEqual(["konsekvensbedömning"]);
    expect(s["konsekvensbedömning"]).toEqual(["dpia"]);
    expect(s["inköp"].sort()).toEqual(["anskaffning", "procurement", "upphandling"]);
    expect(s["upphandling"].sort()).toEqual(["inköp", "procurement"]);
    expect(s["x"]).toEqual([]);
    expect(Object.keys(s)).not.toContain("");
  });

  it("allows typos from the word lengths the PostgreSQL engine corrects", () => {
    const t = indexSettings({}).typoTolerance!;
    const one = t.minWordSizeForTypos!.oneTypo!;
    const two = t.minWordSizeForTypos!.twoTypos!;
    expect(maxEdits(one - 1)).toBe(0);
    expect(maxEdits(one)).toBe(1);
    expect(maxEdits(two - 1)).toBe(1);
    expect(maxEdits(two)).toBe(2);
  });
});
