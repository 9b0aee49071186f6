import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { acceptsGzip, inlineScriptHashes, PageStore, type CachedPage } from "../../app/lib/page-cache.server";

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
  it("hashes every script the render gave its nonce, once", () => {
    const html = `<p>x</p><script nonce="n1">window.a = "å";</script><script nonce="n1" type="module" async="">import "/b.js";</script><script nonce="n1">window.a = "å";</script>`;
    expect(inlineScriptHashes(html, "n1")).toEqual([sha(`window.a = "å";`), sha(`import "/b.js";`)]);
  });
  it("refuses a page with a script the nonce did not allow (it must not start running on later views)", () => {
    expect(inlineScriptHashes(`<script nonce="n1">ok()</script><script>alert(1)</script>`, "n1")).toBeNull();
    expect(inlineScriptHashes(`<script nonce="n0">alert(1)</script>`, "n1")).toBeNull();
    expect(inlineScriptHashes(`<script nonce="n1" src="/x.js"></script>`, "n1")).toBeNull();
  });
});

describe("acceptsGzip", () => {
  it("reads the header with its q-values", () => {
    expect(acceptsGzip("gzip, deflate, br")).toBe(true);
    expect(acceptsGzip("br;q=1.0, gzip;q=0.8")).toBe(true);
    expect(acceptsGzip("gzip;q=0, br")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip("*")).toBe(true);
  });
});
