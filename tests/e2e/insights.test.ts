import { mkdirSync } from "node:fs";
import path from "node:path";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";

// /insights in a real browser against the demo-seeded production build: Swedish and English with
// axe, the charts present as SVG with JavaScript off, bad filters marked, members kept out.
const browser = useBrowser();

const month = (d: Date) => d.toISOString().slice(0, 7);
const to = month(new Date());
const fromD = new Date();
fromD.setUTCDate(1);
fromD.setUTCMonth(fromD.getUTCMonth() - 59);
const wide = `/insights?from=${month(fromD)}&to=${to}`;

describe("insights dashboard", () => {
  it("a network admin reads it in Swedish: charts with titles, summaries and tables, axe, CSV; screenshots", async () => {
    const s = await browser.open({ viewport: { width: 1366, height: 900 } });
    await signIn(s.page, "karin.lindqvist@regiongavleborg.se");
    await s.page.goto(appUrl("/"));
    await s.page.getByRole("link", { name: "Insikter" }).first().click();
    await s.page.waitForURL(/\/insights/);
    await s.page.goto(appUrl(wide));
    expect(await s.page.locator("h1").textContent()).toBe("Insikter");
    expect(await s.page.locator(".insights-scope").textContent()).toContain("bara som antal");
    const charts = s.page.locator(".chart svg[role=img]");
    expect(await charts.count()).toBeGreaterThanOrEqual(4);
    expect(await charts.first().getAttribute("aria-label")).toBeTruthy();
    for (const id of ["cases-area-status", "reuse-matrix", "questions-month", "health"]) {
      const panel = s.page.locator(`#${id}`);
      expect((await panel.locator(".panel-summary").textContent())?.length).toBeGreaterThan(10);
      expect(await panel.locator("a[download]").count()).toBe(1);
    }
    expect(await s.page.locator("#questions-month table").count()).toBe(1);
    await s.page.screenshot({ path: path.join(tmpdir(), "insights-desktop-sv.png"), fullPage: true });
    await expectAccessible(s.page);
    // A figure links to the list behind it.
    const more = s.page.locator("#questions-month .panel-links a").first();
    const href = await more.getAttribute("href");
    expect(href).toMatch(/^\/threads\?kind=question/);
    // The CSV download is a real CSV of the panel's table.
    const csvHref = await s.page.locator("#questions-month a[download]").getAttribute("href");
    const res = await s.page.request.get(appUrl(csvHref!));
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("text/csv");
    expect((await res.text()).split("\r\n")[0]).toBe("\uFEFFMånad,Frågor,Besvarade,Lösta");
  });

  it("reads in English on a phone, passes axe", async () => {
    const s = await browser.open({ locale: "en-GB", viewport: { width: 390, height: 844 } });
    await signIn(s.page, "karin.lindqvist@regiongavleborg.se");
    await s.page.goto(appUrl(wide));
    expect(await s.page.locator("h1").textContent()).toBe("Insights");
    expect(await s.page.locator("#group-questions").textContent()).toBe("Questions");
    expect(await s.page.locator(".chart svg").count()).toBeGreaterThanOrEqual(4);
    await s.page.screenshot({ path: path.join(tmpdir(), "insights-phone-en.png"), fullPage: true });
    await expectAccessible(s.page);
  });

  it("shows the SVG charts with JavaScript off", async () => {
    const signed = await browser.open();
    await signIn(signed.page, "karin.lindqvist@regiongavleborg.se");
    const cookies = await signed.context.cookies();
    const s = await browser.open({ javaScript: false });
    await s.context.addCookies(cookies);
    await s.page.goto(appUrl(wide));
    expect(await s.page.locator(".chart svg[role=img]").count()).toBeGreaterThanOrEqual(4);
    expect(await s.page.locator("#cases-area-status table").count()).toBe(1);
  });

  it("an organisation admin sees their organisation's scope; a bad filter is a 400 with the field marked", async () => {
    const s = await browser.open();
    await signIn(s.page, "eva.sjoberg@gavle.se");
    await s.page.goto(appUrl("/insights"));
    expect(await s.page.locator(".insights-scope").textContent()).toContain("det din organisation får läsa");
    const res = await s.page.goto(appUrl("/insights?from=2026-13&to=2026-01&area=mars"));
    expect(res?.status()).toBe(400);
    expect(await s.page.locator("#f-from").getAttribute("aria-invalid")).toBe("true");
    expect(await s.page.locator("#f-area").getAttribute("aria-invalid")).toBe("true");
    expect(await s.page.locator("#f-from-error").textContent()).toContain("ÅÅÅÅ-MM");
    expect(await s.page.locator("#f-from").inputValue()).toBe(""); // a month input cannot hold 2026-13; the error says what to type
    await expectAccessible(s.page);
  });

  it("a member gets 404, and so does the CSV", async () => {
    const s = await browser.open();
    await signIn(s.page, "fatima.said@sandviken.se");
    const res = await s.page.goto(appUrl("/insights"));
    expect(res?.status()).toBe(404);
    const csv = await s.page.request.get(appUrl("/insights.csv?panel=health"));
    expect(csv.status()).toBe(404);
  });
});

describe("home page summary band", () => {
  const shots = "/tmp/shots-insights";
  it("signed out, in Swedish on a desktop: public figures linking to their lists, axe", async () => {
    mkdirSync(shots, { recursive: true });
    const s = await browser.open({ viewport: { width: 1366, height: 900 } });
    await s.page.goto(appUrl("/"));
    const band = s.page.locator(".home-summary");
    expect(await band.locator("h2").textContent()).toBe("Nätverket i siffror");
    expect(await band.locator(".meta").textContent()).toContain("öppet för alla");
    const links = band.locator(".home-summary-figures a");
    expect(await links.count()).toBeGreaterThanOrEqual(2);
    expect(await links.first().getAttribute("href")).toBe("/cases");
    expect(Number((await links.first().locator(".home-summary-value").textContent())!.replace(/\D/g, ""))).toBeGreaterThanOrEqual(3);
    expect(await band.locator('a[href="/insights"]').count()).toBe(0);
    await band.screenshot({ path: path.join(shots, "home-band-desktop-sv.png") });
    await s.page.screenshot({ path: path.join(shots, "home-desktop-sv.png"), fullPage: true });
    await expectAccessible(s.page);
  });

  it("is there with JavaScript off", async () => {
    const s = await browser.open({ javaScript: false });
    await s.page.goto(appUrl("/"));
    expect(await s.page.locator(".home-summary .home-summary-figures a").count()).toBeGreaterThanOrEqual(2);
  });

  it("a network admin in English on a phone: their own figures and a link to Insights, axe", async () => {
    const s = await browser.open({ locale: "en-GB", viewport: { width: 390, height: 844 } });
    await signIn(s.page, "karin.lindqvist@regiongavleborg.se");
    await s.page.goto(appUrl("/"));
    const band = s.page.locator(".home-summary");
    expect(await band.locator("h2").textContent()).toBe("The network in figures");
    expect(await band.locator(".meta").textContent()).toContain("what you may read");
    expect(await band.locator(".home-summary-label").first().textContent()).toBe("case studies shared");
    await band.locator('a[href="/insights"]').click();
    await s.page.waitForURL(/\/insights/);
    await s.page.goto(appUrl("/"));
    await band.screenshot({ path: path.join(shots, "home-band-phone-en.png") });
    await s.page.screenshot({ path: path.join(shots, "home-phone-en.png"), fullPage: true });
    await expectAccessible(s.page);
  });
});
