import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "./browser";
import { spawnApp, waitForStatus } from "./app-process";

// Shared pieces of the stored-XSS corpus tests: where the corpus is, a production server of the
// test's own on a fresh database, and an execution detector for Chromium pages.

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const CORPUS_FILE = "data/xss/xss-payload-list.txt";

/**
 * Where the public payload list is looked for, in order: XSS_CORPUS (a file or a shared folder),
 * the shared folder next to the checkout (repo/../shared), and next to the folder of worktrees
 * (repo/../../shared, for a checkout kept in a folder of git worktrees).
 */
export function corpusCandidates(): string[] {
  const env = process.env.XSS_CORPUS;
  return [
    ...(env ? [env.endsWith(".txt") ? path.resolve(env) : path.resolve(env, CORPUS_FILE)] : []),
    path.resolve(REPO_ROOT, "..", "shared", CORPUS_FILE),
    path.resolve(REPO_ROOT, "..", "..", "shared", CORPUS_FILE),
  ];
}

/** The whole corpus, de-duplicated, NULs removed (PostgreSQL text cannot hold them). Throws when missing: a missing corpus is a failure, never a skip. */
export function loadCorpus(candidates = corpusCandidates()): string[] {
  const file = candidates.find((f) => existsSync(f));
  if (!file) {
    throw new Error(`XSS corpus not found. Set XSS_CORPUS to the payload list (or its shared folder); looked in:\n  ${candidates.join("\n  ")}`);
  }
  const all = [...new Set(readFileSync(file, "utf8").split("\n").map((l) => l.trim().replace(/\u0000/g, "")).filter(Boolean))];
  if (all.length < 1000) throw new Error(`XSS corpus at ${file} has only ${all.length} payloads`);
  return all;
}

/** Greedy packing of payloads into strings of at most `max` characters (one payload per string when longer). */
export function pack(payloads: string[], max: number, sep = " "): string[] {
  const out: string[] = [];
  let cur = "";
  for (const p of payloads) {
    if (cur && cur.length + sep.length + p.length > max) {
      out.push(cur);
      cur = "";
    }
    cur = cur ? cur + sep + p : p;
  }
  if (cur) out.push(cur);
  return out;
}

export type AppServer = { base: string; stop: () => Promise<void> };

/** The production build on its own port and database (no search worker, no page cache). */
export async function startAppServer(databaseUrl: string): Promise<AppServer> {
  const app = await spawnApp({ DATABASE_URL: databaseUrl, HOST: "127.0.0.1", DEMO_MODE: "1", SEED: "never", SEARCH_WORKER: "0", PAGE_CACHE_MB: "0" });
  await waitForStatus(app, "/healthz", 60_000);
  return { base: app.url, stop: app.stop };
}

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });

export type Detector = {
  page: Page;
  context: BrowserContext;
  /** Everything seen so far that means a payload ran: hooked calls, dialogs, CSP violations, outside requests, page errors. */
  findings: string[];
  /** Loads a path, checks the status and that no execution happened; returns the page's main text. */
  visit: (p: string, opts?: { status?: number }) => Promise<string>;
  /** Runs the page's hooks check on the current document (after a load or setContent). */
  check: (label: string) => Promise<void>;
};

/**
 * A Chromium page that records any sign of script execution: alert/prompt/confirm/print and a
 * few other sinks are replaced by counters before any page script runs, dialogs are counted, CSP
 * violations are collected, and any request to a host other than the app's is recorded (and
 * refused, so nothing leaves the machine).
 */
export async function detector(browser: Browser, base: string, opts: { cookies?: { name: string; value: string }[] } = {}): Promise<Detector> {
  const context = await browser.newContext({ locale: "sv-SE", viewport: { width: 1280, height: 900 } });
  // The session travels as a header (the signed-in person's cookie, as the browser would send it).
  if (opts.cookies?.length) await context.setExtraHTTPHeaders({ cookie: opts.cookies.map((c) => `${c.name}=${c.value}`).join("; ") });
  const origin = new URL(base).origin;
  const findings: string[] = [];
  await context.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith("data:") || u.startsWith("blob:") || new URL(u).origin === origin) return route.continue();
    findings.push(`request to another host: ${u}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("dialog", (d) => { findings.push(`dialog ${d.type()}: ${d.message()}`); void d.dismiss(); });
  page.on("pageerror", (e) => findings.push(`page error: ${String(e).slice(0, 200)}`));
  await context.addInitScript(() => {
    const g = window as unknown as Record<string, unknown>;
    const hits: string[] = [];
    g.__xssHits = hits;
    for (const f of ["alert", "prompt", "confirm", "print"]) {
      g[f] = (...a: unknown[]) => { hits.push(`${f}(${a.map(String).join(",").slice(0, 80)})`); };
    }
    document.addEventListener("securitypolicyviolation", (e) => hits.push(`CSP ${e.violatedDirective} ${e.blockedURI}`));
  });
  const check = async (label: string) => {
    // Give event-handler payloads (onfocus, onmouseover, autofocus, animations) a chance to fire.
    await page.mouse.move(200, 200).catch(() => {});
    await page.mouse.move(640, 450).catch(() => {});
    await page.waitForTimeout(50);
    const hits = await page.evaluate(() => (window as unknown as { __xssHits?: string[] }).__xssHits ?? ["hooks missing"]);
    for (const h of hits) findings.push(`${label}: ${h}`);
  };
  const visit = async (p: string, o: { status?: number } = {}) => {
    const t0 = Date.now();
    const res = await page.goto(base + p, { waitUntil: "load", timeout: 120_000 });
    expect(res?.status(), p).toBe(o.status ?? 200);
    await check(p);
    const text = (await page.textContent("main")) ?? "";
    if (process.env.XSS_TIMING) console.log(`${p}: ${Date.now() - t0} ms, ${text.length} chars`);
    return text;
  };
  return { page, context, findings, visit, check };
}

/**
 * The positive control: an unsafe render of known-executing payloads must be caught by the same
 * detector, so a run that reports 0 executions could have reported more.
 */
export async function expectDetectorCatches(browser: Browser, base: string) {
  const d = await detector(browser, base);
  // 1. A page of the app's origin served without the app's CSP, with payloads written into it
  //    unescaped, the way a broken component would: the hooks must see them run.
  await d.page.route(`${base}/__xss-control`, (r) => r.fulfill({
    contentType: "text/html",
    body: `<!doctype html><title>c</title><main><img src=x onerror=alert(1)><svg onload=confirm(2)></svg>
      <a href="javascript:prompt(3)" id="xss-ctl">x</a><script>alert("inline")</script><img src="https://evil.example/x.png"></main>`,
  }));
  await d.visit("/__xss-control");
  await d.page.evaluate(() => (document.querySelector("#xss-ctl") as HTMLElement).dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true })));
  await d.page.waitForTimeout(100);
  await d.check("control");
  // 2. A real app page with an inline handler injected: the app's CSP refuses it, and the
  //    detector records the violation.
  await d.visit("/tillganglighet");
  await d.page.evaluate(() => { document.querySelector("main")!.insertAdjacentHTML("beforeend", "<img src=x onerror=alert(4)>"); });
  await d.page.waitForTimeout(200);
  await d.check("control-csp");
  await d.context.close();
  const text = d.findings.join("\n");
  expect(text, "the detector sees an onerror handler").toMatch(/alert\(1\)/);
  expect(text, "the detector sees an onload handler").toMatch(/confirm\(2\)/);
  expect(text, "the detector sees a javascript: link").toMatch(/prompt\(3\)/);
  expect(text, "the detector sees an inline script").toMatch(/alert\(inline\)/);
  expect(text, "the detector sees a request to another host").toMatch(/evil\.example/);
  expect(text, "the detector sees a CSP violation on an app page").toMatch(/control-csp: CSP/);
  return d.findings.length;
}

/** Signs in through the real login action (with the app's Origin, as a browser sends it) and returns the session cookies. */
export async function signInCookies(base: string, email: string, password: string): Promise<{ name: string; value: string }[]> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(base).origin },
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
  });
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]).map((c) => ({ name: c.slice(0, c.indexOf("=")).trim(), value: c.slice(c.indexOf("=") + 1).trim() })).filter((c) => c.name && c.value);
  if (res.status !== 302 || !cookies.length) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
  return cookies;
}

/** Visits a paginated list from `first`, following the link whose href matches `next`, until there is none; returns the number of pages. */
export async function walk(d: Detector, first: string, next: RegExp, onPage?: (text: string, n: number) => void, maxPages = 2000): Promise<number> {
  let url: string | null = first;
  let n = 0;
  while (url && n < maxPages) {
    const text = await d.visit(url);
    onPage?.(text, n);
    n++;
    const hrefs: string[] = await d.page.evaluate(() => [...document.querySelectorAll("main a[href]")].map((a) => a.getAttribute("href") ?? ""));
    const h = hrefs.find((x) => next.test(x));
    url = h ? new URL(h, d.page.url()).pathname + new URL(h, d.page.url()).search : null;
  }
  return n;
}
