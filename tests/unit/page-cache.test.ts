import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { inlineScriptHashes, PageStore, type CachedPage } from "../../app/lib/page-cache.server";

const page = (bytes: number, storedAt = 0): CachedPage => ({ body: Buffer.alloc(bytes), gzip: null, scriptHashes: [], headers: [], bytes, storedAt });

describe("PageStore", () => {
  it("forgets an entry after its lifetime", () => {
    let now = 0;
    const store = new PageStore(1000, 60_000, () => now);
    store.set("a", page(10, 0));
    now = 59_000;
    expect(store.get("a")).toBeDefined();
    now = 61_000;
    expect(store.get("a")).toBeUndefined();
    expect(store.usedBytes).toBe(0);
  });

  it("stays within its byte bound, dropping the least recently used first", () => {
    const store = new PageStore(1000, 60_000, () => 0);
    store.set("a", page(200));
    store.set("b", page(200));
    store.set("c", page(200));
    store.get("a"); // a is now the most recently used
    store.set("d", page(200));
    store.set("e", page(200));
    store.set("f", page(200));
    expect(store.usedBytes).toBeLessThanOrEqual(1000);
    expect(store.get("b")).toBeUndefined();
    expect(store.get("a")).toBeDefined();
    expect(store.get("f")).toBeDefined();
  });

  it("does not keep a page larger than a quarter of its bound", () => {
    const store = new PageStore(1000, 60_000, () => 0);
    store.set("big", page(300));
    expect(store.get("big")).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it("replaces an entry under the same key without counting it twice", () => {
    const store = new PageStore(1000, 60_000, () => 0);
    store.set("a", page(100));
    store.set("a", page(150));
    expect(store.usedBytes).toBe(150);
    expect(store.size).toBe(1);
  });
});

describe("inlineScriptHashes", () => {
  const sha = (s: string) => `sha256-${createHash("sha256").update(s, "utf8").digest("base64")}`;
  it("hashes every inline script's exact text, once", () => {
    const html = `<p>x</p><script nonce="n">window.a = "å";</script><script type="module" async="">import "/b.js";</script><script>window.a = "å";</script>`;
    expect(inlineScriptHashes(html)).toEqual([sha(`window.a = "å";`), sha(`import "/b.js";`)]);
  });
  it("refuses a page with an external script (only a nonce could allow it)", () => {
    expect(inlineScriptHashes(`<script src="/x.js"></script>`)).toBeNull();
  });
});
