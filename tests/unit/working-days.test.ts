import { describe, expect, it } from "vitest";
import { addWorkingDays, swedishDaysOff } from "../../app/routing/working-days";

describe("Swedish working days", () => {
  it("knows the public holidays of 2026 and 2027, Easter and midsummer included", () => {
    const y26 = swedishDaysOff(2026);
    // Långfredag 3 april, påskdagen 5, annandag påsk 6, Kristi himmelsfärd 14 maj, pingstdagen 24 maj,
    // midsommarafton 19 juni, midsommardagen 20 juni, alla helgons dag 31 oktober.
    for (const d of ["2026-01-01", "2026-01-06", "2026-04-03", "2026-04-05", "2026-04-06", "2026-05-01", "2026-05-14", "2026-05-24", "2026-06-06", "2026-06-19", "2026-06-20", "2026-10-31", "2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31"]) {
      expect(y26.has(d), d).toBe(true);
    }
    expect(swedishDaysOff(2027).has("2027-03-26")).toBe(true); // långfredag 2027
    expect(swedishDaysOff(2027).has("2027-06-25")).toBe(true); // midsommarafton 2027
    expect(y26.has("2026-04-07")).toBe(false);
  });

  it("skips weekends and holidays when counting forward", () => {
    // Thursday 2 April 2026, noon in Stockholm: Good Friday and Easter Monday are off → Wednesday 8 April.
    expect(addWorkingDays(new Date("2026-04-02T10:00:00Z"), 2).toISOString()).toBe("2026-04-08T10:00:00.000Z");
    // An ordinary Monday → Wednesday.
    expect(addWorkingDays(new Date("2026-11-30T10:00:00Z"), 2).toISOString()).toBe("2026-12-02T10:00:00.000Z");
    // Tuesday 22 December 2026: Wednesday 23rd is one; the 24th–27th are off (eve, holidays, Sunday) → Monday 28th.
    expect(addWorkingDays(new Date("2026-12-22T10:00:00Z"), 2).toISOString()).toBe("2026-12-28T10:00:00.000Z");
    // Without the holidays it would have been Thursday the 24th.
    expect(addWorkingDays(new Date("2026-12-22T10:00:00Z"), 2).toISOString()).not.toBe("2026-12-24T10:00:00.000Z");
  });
});
