import { describe, expect, it } from "vitest";
import { compoundCandidates, decompound } from "../../search/compound";
import { htmlToText, guessLanguage } from "../../search/documents/text";
import { safeSnippet } from "../../search/postgres/search";

describe("Swedish compound splitting", () => {
  const known = new Set(["upphandling", "processen", "kundtjänst", "ärenden", "möte", "anteckningar"]);
  it("splits into two known parts, with or without a linking s", () => {
    expect(decompound(["upphandlingsprocessen"], known).sort()).toEqual(["processen", "upphandling"]);
    expect(decompound(["kundtjänstärenden"], known).sort()).toEqual(["kundtjänst", "ärenden"]);
    expect(decompound(["mötesanteckningar"], known).sort()).toEqual(["anteckningar", "möte"]);
    expect(decompound(["mötesanteckningarna"], known).sort()).toEqual(["anteckningar", "möte"]);
  });
  it("leaves words alone when the parts are not known words", () => {
    expect(decompound(["xyzqwertyabc", "kort"], known)).toEqual([]);
    expect(decompound(["översättning"], new Set())).toEqual([]);
  });
  it("keeps å, ä and ö in parts", () => {
    expect(compoundCandidates(["kundtjänstärenden"])).toContain("ärenden");
  });
});

describe("document text", () => {
  it("turns stored HTML into text", () => {
    expect(htmlToText("<p>Hej &amp; <b>välkommen</b></p><script>x()</script><p>till&nbsp;oss &#229;</p>")).toBe("Hej & välkommen till oss å");
  });
  it("guesses the language", () => {
    expect(guessLanguage("Hur gör vi det här och vad är bäst för att lyckas")).toBe("sv");
    expect(guessLanguage("How do we do this and what is the best way to make it work for the team")).toBe("en");
  });
  it("lets only <mark> through in snippets", () => {
    expect(safeSnippet("a <mark>b</mark> &lt;c&gt;")).toBe("a <mark>b</mark> &lt;c&gt;");
    expect(safeSnippet("a <mark>b</mark> <img src=x onerror=alert(1)>")).not.toMatch(/<img/);
  });
});
