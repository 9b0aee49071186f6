import { AxeBuilder } from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { existsSync, readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from "vitest";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
];
export const DEMO_PASSWORD = "allmanning-demo";

export const appUrl = (p = "/") => new URL(p, inject("appUrl")).toString();

export type Session = { context: BrowserContext; page: Page; consoleErrors: string[]; trace: string[] };

/**
 * Registers hooks for one spec file: a headless Debian Chromium (never a downloaded browser),
 * fresh contexts per call to `open`, and a failure on any console error or failed page load.
 */
export function useBrowser() {
  let browser: Browser;
  const sessions: Session[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });
  let startedAt = Date.now();
  beforeEach(() => {
    startedAt = Date.now();
  });
  afterEach((ctx) => {
    // A failed browser test prints what its pages did: every navigation, fetch and failure, with
    // status and time, and what the page said; a timeout alone tells nothing.
    if (ctx.task.result?.state === "fail") {
      for (const [i, s] of sessions.entries()) console.log(`session ${i} (${s.page.url()}):\n  ${s.trace.slice(-60).join("\n  ")}`);
      const log = inject("appErrorLog");
      const since = new Date(startedAt).toISOString();
      const lines = log && existsSync(log) ? readFileSync(log, "utf8").split("\n").filter((l) => l.slice(0, 24) >= since) : [];
      if (lines.length) console.log(`the shared app server's stderr since this test began:\n${lines.slice(-80).join("\n")}`);
    }
    const errors = sessions.flatMap((s) => s.consoleErrors);
    sessions.length = 0;
    expect(errors, "console errors").toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    /** A new signed-out browser context; `locale` sets Accept-Language, `javaScript: false` turns JS off. */
    async open(opts: { locale?: string; viewport?: { width: number; height: number }; javaScript?: boolean } = {}): Promise<Session> {
      const context = await browser.newContext({
        locale: opts.locale ?? "sv-SE",
        viewport: opts.viewport ?? { width: 1280, height: 900 },
        javaScriptEnabled: opts.javaScript ?? true,
      });
      const page = await context.newPage();
      if (opts.javaScript ?? true) {
        // Typing into a page React has not hydrated yet is lost (no change event reaches it), so
        // every goto and reload waits until the page says it is hydrated.
        const goto = page.goto.bind(page);
        const reload = page.reload.bind(page);
        page.goto = async (...a: Parameters<Page["goto"]>) => {
          const r = await goto(...a);
          await hydrated(page);
          return r;
        };
        page.reload = async (...a: Parameters<Page["reload"]>) => {
          const r = await reload(...a);
          await hydrated(page);
          return r;
        };
      }
      const consoleErrors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" && !/status of (400|403|404|409|410|422|429)/.test(m.text())) consoleErrors.push(m.text());
      });
      page.on("pageerror", (e) => consoleErrors.push(String(e)));
      const trace: string[] = [];
      const t0 = Date.now();
      const at = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
      const short = (u: string) => u.replace(/^https?:\/\/[^/]+/, "");
      page.on("console", (m) => trace.push(`${at()} console.${m.type()} ${m.text().slice(0, 200)}`));
      page.on("pageerror", (e) => trace.push(`${at()} pageerror ${String(e).slice(0, 200)}`));
      page.on("requestfailed", (r) => trace.push(`${at()} failed ${r.method()} ${short(r.url())} ${r.failure()?.errorText ?? ""}`));
      page.on("response", (r) => {
        const type = r.request().resourceType();
        if (["document", "fetch", "xhr", "eventsource", "script"].includes(type) || r.status() >= 400) trace.push(`${at()} ${r.status()} ${r.request().method()} ${type} ${short(r.url()).slice(0, 160)}`);
      });
      page.on("framenavigated", (f) => f === page.mainFrame() && trace.push(`${at()} navigated ${short(f.url())}`));
      const s = { context, page, consoleErrors, trace };
      sessions.push(s);
      return s;
    },
  };
}

/**
 * Waits until a Remix page has hydrated (root.tsx sets html[data-hydrated]); returns at once on
 * anything that is not a Remix page. A page that never hydrates is left to the test's own
 * expectations to fail on.
 */
export async function hydrated(page: Page) {
  await page
    .waitForFunction(() => !("__remixContext" in window) || document.documentElement.hasAttribute("data-hydrated"), null, { timeout: 15_000 })
    .catch(() => undefined);
}

/** Fails on any axe-core violation (WCAG 2.1 A and AA rules) on the current page. Needs JavaScript on. */
export async function expectAccessible(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Signs in through the real login form. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto(appUrl("/login"));
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("form.stack button[type=submit]")]);
}
