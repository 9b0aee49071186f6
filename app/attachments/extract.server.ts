import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { EXTRACT_WORKER_SOURCE } from "./extract-worker-source";

// Text extraction for search, run in a worker thread so a pathological file can't take the job
// runner with it: the thread has its own heap limit (resourceLimits), the parent kills it after
// a timeout, and the worker stops reading once the output cap is reached. PDFs go through
// pdfjs-dist's legacy build (no canvas, no eval, no font loading); Office and OpenDocument files
// through yauzl and a streaming XML text reader; TXT/CSV/Markdown are read as they are.

export type ExtractLimits = {
  timeoutMs: number;
  /** The worker's old-generation heap; typed arrays (the PDF's bytes) count outside it. */
  maxHeapMb: number;
  maxChars: number;
  maxPages: number;
  maxInflateBytes: number;
  maxEntries: number;
};

export const EXTRACT_LIMITS: ExtractLimits = {
  timeoutMs: 30_000,
  maxHeapMb: 256,
  maxChars: 1_000_000,
  maxPages: 2_000,
  maxInflateBytes: 256 * 1024 * 1024,
  maxEntries: 5_000,
};

export type ExtractResult =
  | { ok: true; text: string; truncated: boolean; pages: number | null; peakHeapBytes: number; ms: number }
  | { ok: false; error: "timeout" | "memory" | "too_large" | "encrypted" | "unsupported" | "failed"; detail?: string; ms: number };

const require = createRequire(import.meta.url);
let modules: { pdfjs: string; pdfjsWorker: string; yauzl: string } | null = null;
function resolveModules() {
  modules ??= {
    pdfjs: pathToFileURL(require.resolve("pdfjs-dist/legacy/build/pdf.min.mjs")).href,
    pdfjsWorker: pathToFileURL(require.resolve("pdfjs-dist/legacy/build/pdf.worker.min.mjs")).href,
    yauzl: require.resolve("yauzl"),
  };
  return modules;
}

/**
 * Who may call: the extraction job (never a request). Guarantees: resolves (never rejects) within
 * about `timeoutMs`, with at most `maxChars` characters of text, and leaves no thread behind.
 */
export function extractText(path: string, mime: string, overrides: Partial<ExtractLimits> = {}): Promise<ExtractResult> {
  const limits = { ...EXTRACT_LIMITS, ...overrides };
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const worker = new Worker(EXTRACT_WORKER_SOURCE, {
      eval: true,
      // Plain JavaScript: no TypeScript loader hooks (tsx) inherited from the parent, which would
      // transform pdfjs-dist's 2 MB modules on every start.
      execArgv: [],
      workerData: { path, mime, limits, modules: resolveModules() },
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      stdout: true,
      stderr: true,
    });
    // pdfjs prints warnings for odd fonts; they are not ours to show.
    worker.stdout.resume();
    worker.stderr.resume();
    const finish = (r: ExtractResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ok: false, error: "timeout", detail: `${limits.timeoutMs} ms`, ms: ms() }), limits.timeoutMs);
    worker.once("message", (m: Record<string, unknown>) =>
      finish(
        m.ok
          ? { ok: true, text: String(m.text), truncated: Boolean(m.truncated), pages: (m.pages as number | null) ?? null, peakHeapBytes: Number(m.peakHeapBytes ?? 0), ms: ms() }
          : { ok: false, error: m.error as "failed", detail: m.detail as string | undefined, ms: ms() },
      ),
    );
    worker.once("error", (e: Error & { code?: string }) =>
      finish({ ok: false, error: e.code === "ERR_WORKER_OUT_OF_MEMORY" ? "memory" : "failed", detail: e.message.slice(0, 300), ms: ms() }),
    );
    worker.once("exit", (code) => finish({ ok: false, error: "failed", detail: `worker exited (${code})`, ms: ms() }));
  });
}
