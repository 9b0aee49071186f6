import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileSlice, forgetHead, headsKept, isFileSlice, sendFileSlice } from "../../app/attachments/file-slice.server";

// The download route's cached-file path (file-slice.server.ts), over a real HTTP server and
// client: whole files and ranges arrive byte for byte whatever their size against the 256 KB
// buffers, a client that leaves mid-way ends the loop (the next request still works, so no
// buffer or handle is stuck), and a file shorter than its slice never gives a silent short body.

const dir = mkdtempSync(path.join(tmpdir(), "allm-file-slice-"));
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const big = randomBytes(3 * 256 * 1024 + 12_345);
const file = path.join(dir, "big");
writeFileSync(file, big);
let server: http.Server;
let base: string;
let finished = 0;
const firstCalls: (() => string)[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const u = new URL(req.url!, "http://x");
    const start = Number(u.searchParams.get("start") ?? 0);
    const end = Number(u.searchParams.get("end") ?? big.length - 1);
    res.setHeader("Content-Length", String(end - start + 1)); // set, not written: as the download route does
    let firstAt = "";
    const sent = sendFileSlice(res, new FileSlice(u.searchParams.get("file") ?? file, start, end, u.searchParams.has("immutable")), () => (firstAt = res.headersSent ? "after the headers" : "before the headers"));
    void sent.then(() => finished++);
    firstCalls.push(() => firstAt);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe("a cached file sent through reused buffers", () => {
  it("is known as a slice, and reads as a plain stream too", async () => {
    const s = new FileSlice(file, 10, 300_000);
    expect(isFileSlice(s)).toBe(true);
    expect(isFileSlice({ file, start: 0, end: 1 })).toBe(false);
    const parts: Buffer[] = [];
    for await (const c of s) parts.push(c as Buffer);
    expect(sha(Buffer.concat(parts))).toBe(sha(big.subarray(10, 300_001)));
  });

  it("sends whole files and ranges byte for byte, many at once", async () => {
    const ranges = [[0, big.length - 1], [0, 0], [5, 262_143], [262_144, 262_144 + 262_143], [1, big.length - 2], [big.length - 7, big.length - 1]];
    const got = await Promise.all([...ranges, ...ranges].map(async ([start, end]) => {
      const r = await fetch(`${base}/?start=${start}&end=${end}`);
      return { start, end, body: Buffer.from(await r.arrayBuffer()) };
    }));
    for (const g of got) expect(sha(g.body), `${g.start}-${g.end}`).toBe(sha(big.subarray(g.start, g.end + 1)));
  });

  it("stops when the client leaves, and the next request is answered whole", async () => {
    const before = finished;
    await new Promise<void>((resolve, reject) => {
      const req = http.get(`${base}/`, (res) => {
        res.once("data", () => {
          req.destroy();
          resolve();
        });
      });
      req.on("error", reject);
    });
    const deadline = Date.now() + 5000;
    while (finished === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(finished).toBeGreaterThan(before);
    const r = await fetch(`${base}/`);
    expect(sha(Buffer.from(await r.arrayBuffer()))).toBe(sha(big));
  });

  it("breaks the connection rather than end early when the file is shorter than the slice", async () => {
    const short = path.join(dir, "short");
    writeFileSync(short, big.subarray(0, 1000));
    const r = await fetch(`${base}/?file=${encodeURIComponent(short)}&start=0&end=4999`);
    await expect(r.arrayBuffer()).rejects.toThrow();
  });

  it("keeps the head of an immutable file, sends it before any read, and forgets it with the file", async () => {
    const own = path.join(dir, "immutable");
    writeFileSync(own, big);
    const url = `${base}/?immutable&file=${encodeURIComponent(own)}`;
    const kept = headsKept().files;
    // A short range from the start plants no head (a later whole read would get a 11-byte one).
    await fetch(`${url}&start=0&end=10`).then((r) => r.arrayBuffer());
    expect(headsKept().files).toBe(kept);
    const whole = await fetch(url);
    expect(sha(Buffer.from(await whole.arrayBuffer()))).toBe(sha(big));
    expect(headsKept().files).toBe(kept + 1);
    // The first-byte callback ran while headers could still be set (the download's Server-Timing).
    expect(firstCalls.at(-1)!()).toBe("before the headers");
    // Again, with the head: whole and ranges from the start, byte for byte.
    for (const [start, end] of [[0, big.length - 1], [0, 100], [0, 65_535], [0, 65_536], [0, 300_000]]) {
      const r = await fetch(`${url}&start=${start}&end=${end}`);
      expect(sha(Buffer.from(await r.arrayBuffer())), `${start}-${end}`).toBe(sha(big.subarray(start, end + 1)));
    }
    // The head really comes from memory: with the file gone, a range inside it is still answered …
    rmSync(own);
    const inHead = await fetch(`${url}&start=0&end=1000`);
    expect(sha(Buffer.from(await inHead.arrayBuffer()))).toBe(sha(big.subarray(0, 1001)));
    // … and once the cache forgets the file, so does the head: the connection breaks at once.
    forgetHead(own);
    expect(headsKept().files).toBe(kept);
    await expect(fetch(`${url}&start=0&end=1000`).then((r) => r.arrayBuffer())).rejects.toThrow();
  });
});
