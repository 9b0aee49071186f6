import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";

// One HTTP POST to a webhook endpoint, to the address the SSRF check pinned, cut off after a
// timeout (a hanging endpoint never holds a worker), with at most 4 KiB of the answer read.

export type SendResult = { ok: boolean; status: number | null; error: string | null; durationMs: number };

export const WEBHOOK_TIMEOUT_MS = () => {
  const n = Number(process.env.WEBHOOK_TIMEOUT_MS);
  return Number.isFinite(n) && n > 0 ? n : 10_000;
};

export function postPinned(url: URL, address: string, family: 4 | 6, headers: Record<string, string>, body: string, timeoutMs = WEBHOOK_TIMEOUT_MS()): Promise<SendResult> {
  const started = process.hrtime.bigint();
  const ms = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
  // The connection goes to the checked address whatever DNS says now; TLS still verifies the host name.
  const pinned: LookupFunction = (_host, opts, cb) => {
    if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else cb(null, address, family);
  };
  const mod = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: Omit<SendResult, "durationMs">) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...r, durationMs: ms() });
    };
    const req = mod.request(
      url,
      { method: "POST", headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) }, lookup: pinned, agent: false },
      (res) => {
        let seen = 0;
        res.on("data", (c: Buffer) => {
          seen += c.length;
          if (seen > 4096) res.destroy();
        });
        const status = res.statusCode ?? 0;
        const end = () => finish({ ok: status >= 200 && status < 300, status, error: status >= 200 && status < 300 ? null : `HTTP ${status}` });
        res.on("end", end);
        res.on("close", end);
        res.on("error", end);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish({ ok: false, status: null, error: `timeout after ${timeoutMs} ms` });
    }, timeoutMs);
    req.on("error", (e) => finish({ ok: false, status: null, error: (e as Error).message.slice(0, 200) }));
    req.end(body);
  });
}
