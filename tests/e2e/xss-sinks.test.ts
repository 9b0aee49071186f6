import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { DB } from "../../db/client";
import { freshDatabase } from "../support/db";
import { launchChromium, loadCorpus, startAppServer, type AppServer } from "../support/xss";

// Stored XSS through sinks other than post bodies, in Chromium, with the whole public corpus
// where one page can show many values: tag names and descriptions (/tags) and organisation
// names (/orgs), plus the search echo (/search?q=…) for a spread sample. A production server of
// its own on a fresh database keeps 6,600 tags and organisations out of the other e2e tests.
// XSS_CORPUS, then next to the checkout (../shared), then next to the folder of worktrees; a
// missing corpus fails the file (loadCorpus throws), never skips it.
const ALL = loadCorpus();
const AREAS = ["customer_service", "hr", "purchasing", "internal_admin", "health_social_care", "schools", "urban_planning", "it", "law_ethics", "security"] as const;
const SEARCH_SAMPLE = ALL.filter((_, i) => i % 25 === 0);

let db: DB;
let destroy: () => Promise<void>;
let server: AppServer | undefined;
let base: string;
let browser: Browser;

beforeAll(async () => {
  let url: string;
  ({ db, url, destroy } = await freshDatabase());
  for (let i = 0; i < ALL.length; i += 1000) {
    const chunk = ALL.slice(i, i + 1000);
    await db.insertInto("tags").values(chunk.map((p, j) => ({ slug: `xss-${i + j}`, name_sv: p, name_en: p, description: p, area: AREAS[(i + j) % AREAS.length], updated_at: new Date() }))).execute();
    await db.insertInto("organisations").values(chunk.map((p, j) => ({ slug: `xss-org-${i + j}`, name: p, kind: "municipality" as const, email_domains: [] }))).execute();
  }
  server = await startAppServer(url);
  base = server.base;
  browser = await launchChromium();
}, 120_000);


afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await destroy?.();
});

type Watch = { executions: () => Promise<number>; dialogs: number; violations: () => Promise<string[]>; foreign: string[] };

/** Counts alert/prompt/confirm/print calls, dialogs, CSP violations and requests to other hosts. */
async function watch(page: Page): Promise<Watch> {
  const w: Watch = {
    dialogs: 0,
    foreign: [],
    executions: () => page.evaluate(() => (window as unknown as { __xss: number }).__xss),
    violations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
  };
  page.on("dialog", (d) => { w.dialogs++; void d.dismiss(); });
  page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) w.foreign.push(r.url()); });
  await page.addInitScript(() => {
    const g = window as unknown as Record<string, unknown>;
    g.__xss = 0;
    g.__csp = [];
    for (const f of ["alert", "prompt", "confirm", "print"]) g[f] = () => { (g.__xss as number)++; };
    document.addEventListener("securitypolicyviolation", (e) => (g.__csp as string[]).push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return w;
}

describe("stored XSS corpus through non-post sinks", () => {
  it(`runs none of ${ALL.length} payloads as tag names, tag descriptions and organisation names, nor a sample in the search echo`, async () => {
    const context = await browser.newContext({ locale: "sv-SE" });
    const page = await context.newPage();
    const w = await watch(page);
    const figures: string[] = [];

    // /tags: every tag's name and description; /orgs: every organisation's name.
    for (const [p, sinks] of [["/tags", 2], ["/orgs", 1]] as const) {
      const res = await page.goto(base + p, { waitUntil: "load", timeout: 120_000 });
      expect(res?.status(), p).toBe(200);
      const text = await page.textContent("main");
      // The payloads are on the page as text (a spread sample is found verbatim).
      const shown = ALL.filter((_, i) => i % 97 === 0).filter((x) => text?.includes(x.replace(/\s+/g, " ").slice(0, 20))).length;
      expect(shown, `${p} shows the payloads as text`).toBeGreaterThan(0);
      await page.mouse.move(300, 300);
      expect(await w.executions(), p).toBe(0);
      expect(await w.violations(), p).toEqual([]);
      figures.push(`${p}: ${ALL.length} payloads × ${sinks} sink(s)`);
    }
    // Search echo: the query is shown back on the results page.
    for (const q of SEARCH_SAMPLE) {
      const res = await page.goto(`${base}/search?q=${encodeURIComponent(q)}`, { waitUntil: "load" });
      expect(res?.status(), q).toBeLessThan(500);
      expect(await w.executions(), q).toBe(0);
      expect(await w.violations(), q).toEqual([]);
    }
    figures.push(`/search echo: ${SEARCH_SAMPLE.length} payloads`);
    expect(w.dialogs).toBe(0);
    expect(w.foreign).toEqual([]);
    console.log(`XSS sinks: ${figures.join("; ")}; executions 0, dialogs 0, CSP violations 0`);
  }, 300_000);
});
