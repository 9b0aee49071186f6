import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { corpusCandidates, loadCorpus, pack } from "../support/xss";

// The stored-XSS browser tests must fail, not skip, when the corpus is missing.
describe("XSS corpus resolution", () => {
  const saved = process.env.XSS_CORPUS;
  afterEach(() => {
    if (saved === undefined) delete process.env.XSS_CORPUS;
    else process.env.XSS_CORPUS = saved;
  });

  it("looks at XSS_CORPUS first, then repo/../shared, then repo/../../shared", () => {
    process.env.XSS_CORPUS = "/somewhere/shared";
    const repo = path.resolve(import.meta.dirname, "../..");
    expect(corpusCandidates()).toEqual([
      "/somewhere/shared/data/xss/xss-payload-list.txt",
      path.resolve(repo, "../shared/data/xss/xss-payload-list.txt"),
      path.resolve(repo, "../../shared/data/xss/xss-payload-list.txt"),
    ]);
    process.env.XSS_CORPUS = "/a/list.txt";
    expect(corpusCandidates()[0]).toBe("/a/list.txt");
  });

  it("throws a clear message naming every place it looked when none exists", () => {
    expect(() => loadCorpus(["/nonexistent/a.txt", "/nonexistent/b.txt"])).toThrow(/XSS corpus not found.*XSS_CORPUS[\s\S]*\/nonexistent\/a\.txt[\s\S]*\/nonexistent\/b\.txt/);
  });

  it("reads a given list, de-duplicated and without NULs, and refuses a truncated one", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "xss-"));
    mkdirSync(path.join(dir, "data/xss"), { recursive: true });
    const file = path.join(dir, "data/xss/xss-payload-list.txt");
    writeFileSync(file, Array.from({ length: 1200 }, (_, i) => `<b a=${i}>\u0000x`).concat("<b a=1>x").join("\n"));
    process.env.XSS_CORPUS = dir;
    const all = loadCorpus();
    expect(all).toHaveLength(1200);
    expect(all.some((p) => p.includes("\u0000"))).toBe(false);
    writeFileSync(file, "<script>alert(1)</script>\n");
    expect(() => loadCorpus()).toThrow(/only 1 payloads/);
  });

  it("packs payloads up to a length, never splitting one", () => {
    expect(pack(["aaa", "bb", "cccc", "d"], 6)).toEqual(["aaa bb", "cccc d"]);
    expect(pack(["x".repeat(10), "y"], 6)).toEqual(["x".repeat(10), "y"]);
  });
});
