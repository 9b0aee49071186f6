import { describe, expect, it } from "vitest";
import { fromAcceptLanguage, negotiateLocale } from "../../app/lib/i18n/negotiate.server";
import { compareNames, formatDate, formatNumber } from "../../app/lib/i18n/format";
import { resources } from "../../app/lib/i18n/resources";

function keys(obj: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === "object" ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe("locale negotiation", () => {
  it("prefers the user's setting, then the cookie, then Accept-Language, then Swedish", () => {
    expect(negotiateLocale({ userLocale: "en", cookieHeader: "allm_lang=sv", acceptLanguage: "sv" })).toBe("en");
    expect(negotiateLocale({ cookieHeader: "x=1; allm_lang=en", acceptLanguage: "sv" })).toBe("en");
    expect(negotiateLocale({ acceptLanguage: "de-DE,en;q=0.8,sv;q=0.5" })).toBe("en");
    expect(negotiateLocale({ acceptLanguage: "fr" })).toBe("sv");
    expect(negotiateLocale({})).toBe("sv");
  });
  it("honours q-values", () => {
    expect(fromAcceptLanguage("en;q=0.4, sv-SE;q=0.9")).toBe("sv");
    expect(fromAcceptLanguage("")).toBeNull();
  });
});

describe("catalogue", () => {
  it("has every key in both Swedish and English", () => {
    for (const ns of Object.keys(resources.sv)) {
      expect(keys(resources.en[ns]).sort(), `namespace ${ns}`).toEqual(keys(resources.sv[ns]).sort());
    }
  });
});

describe("formatting", () => {
  it("sorts names with Swedish collation: Å, Ä, Ö after Z", () => {
    const names = ["Östhammar", "Ånge", "Zinkgruvan", "Älvkarleby", "Avesta"];
    expect([...names].sort(compareNames)).toEqual(["Avesta", "Zinkgruvan", "Ånge", "Älvkarleby", "Östhammar"]);
  });
  it("formats dates and numbers per locale", () => {
    const d = new Date("2026-03-05T12:00:00Z");
    expect(formatDate(d, "sv")).toBe("5 mars 2026");
    expect(formatDate(d, "en")).toBe("5 March 2026");
    expect(formatNumber(1234567.5, "sv").replace(/\s/g, " ")).toBe("1 234 567,5");
    expect(formatNumber(1234567.5, "en")).toBe("1,234,567.5");
  });
});

describe("memoized translations", () => {
  it("answer as i18next does, per language, and hand react-i18next a new t after a switch", async () => {
    const { createI18n } = await import("../../app/lib/i18n/i18n");
    const i18n = createI18n("sv");
    const sv = i18n.getFixedT(null, "forum");
    expect(sv("thread.answerNumber", { n: 3 })).toBe("Svar 3");
    expect(sv("thread.answerNumber", { n: 3 })).toBe("Svar 3"); // from the memo
    expect(sv("thread.answerNumber", { n: 4 })).toBe("Svar 4");
    expect(i18n.getFixedT(null, "forum")).toBe(sv);
    expect(i18n.t("forum:thread.answerNumber", { n: 3 })).toBe("Svar 3");
    await i18n.changeLanguage("en");
    const en = i18n.getFixedT(null, "forum");
    expect(en).not.toBe(sv);
    expect(en("thread.answerNumber", { n: 3 })).toBe("Answer 3");
    expect(i18n.t("forum:thread.answerNumber", { n: 3 })).toBe("Answer 3");
  });
});
