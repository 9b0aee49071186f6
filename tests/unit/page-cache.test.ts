import { describe, expect, it } from "vitest";
import { PageStore, splitBuffer, type CachedPage } from "../../app/lib/page-cache.server";

const page = (bytes: number, storedAt = 0): CachedPage => ({ parts: [Buffer.alloc(bytes)], nonceLength: 0, headers: [], bytes, storedAt });

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

describe("splitBuffer", () => {
  it("splits on every occurrence, keeping the ends", () => {
    const parts = splitBuffer(Buffer.from("<s n=X>a</s><s n=X>b</s>"), Buffer.from("X"));
    expect(parts.map(String)).toEqual(["<s n=", ">a</s><s n=", ">b</s>"]);
    expect(splitBuffer(Buffer.from("none"), Buffer.from("X")).map(String)).toEqual(["none"]);
  });
});
