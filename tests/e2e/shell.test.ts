import { describe, expect, it } from "vitest";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";

const browser = useBrowser();

describe("the shell", () => {
  it("shows a Swedish home page listing the network's organisations, accessibly", async () => {
    const { page } = await browser.open({ locale: "sv-SE" });
    const res = await page.goto(appUrl("/"));
    expect(res?.status()).toBe(200);
    expect(await page.getAttribute("html", "lang")).toBe("sv");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("Välkommen");
    const orgs = await page.locator("#orgs-heading + ul li h3").allTextContents();
    // The seeded twelve, in Swedish alphabetical order (other spec files may add organisations to
    // the shared server's database, so the list can be longer).
    expect(orgs.length).toBeGreaterThanOrEqual(12);
    for (const name of ["Bollnäs kommun", "Gävle kommun", "Region Gävleborg", "Söderhamns kommun"]) expect(orgs).toContain(name);
    expect([...orgs].sort((a, b) => a.localeCompare(b, "sv"))).toEqual(orgs);
    await expectAccessible(page);
  });

  it("shows the English home page for an English browser", async () => {
    const { page } = await browser.open({ locale: "en-GB" });
    await page.goto(appUrl("/"));
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.locator("h1").textContent()).toBe("Welcome to Allmänning");
    await expectAccessible(page);
  });

  it("answers unknown pages with a translated 404 in both languages", async () => {
    for (const [locale, lang, title] of [["sv-SE", "sv", "Sidan finns inte"], ["en-US", "en", "Page not found"]]) {
      const { page } = await browser.open({ locale });
      const res = await page.goto(appUrl("/finns/inte"));
      expect(res?.status()).toBe(404);
      expect(await page.getAttribute("html", "lang")).toBe(lang);
      expect(await page.locator("h1").textContent()).toBe(title);
      await expectAccessible(page);
    }
  });

  it.each([true, false])("switches language with the header switch (JavaScript: %s)", async (javaScript) => {
    {
      const { page } = await browser.open({ locale: "sv-SE", javaScript });
      await page.goto(appUrl("/tillganglighet"));
      expect(await page.locator("h1").textContent()).toBe("Tillgänglighetsredogörelse");
      await page.getByRole("button", { name: "In English" }).click();
      await expect.poll(() => page.locator("h1").textContent(), { timeout: 10_000 }).toBe("Accessibility statement");
      expect(new URL(page.url()).pathname).toBe("/tillganglighet");
      expect(await page.getAttribute("html", "lang")).toBe("en");
      if (javaScript) await expectAccessible(page); // axe needs JavaScript in the page
    }
  });

  it("has a skip link, main landmark and an accessibility statement with a way to report", async () => {
    const { page } = await browser.open({ viewport: { width: 390, height: 844 } });
    await page.goto(appUrl("/"));
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe("Hoppa till huvudinnehållet");
    await page.getByRole("link", { name: "Tillgänglighetsredogörelse" }).click();
    await page.waitForURL(appUrl("/tillganglighet"));
    expect(await page.locator("#rapportera").textContent()).toBe("Rapportera brister");
    await expectAccessible(page);
  });

  it("signs a demo member in and out", async () => {
    const { page } = await browser.open();
    await signIn(page, "lina.ostman@gavle.se");
    await expect.poll(() => page.locator(".who").textContent()).toBe("Lina Östman");
    await page.getByRole("button", { name: "Logga ut" }).click();
    await expect.poll(() => page.getByRole("link", { name: "Logga in" }).count()).toBe(1);
  });

  it("suggests completions in the header search box while typing, from readable content", async () => {
    const { page } = await browser.open();
    await signIn(page, "lina.ostman@gavle.se");
    await page.goto(appUrl("/tags"));
    await page.locator("#site-search").pressSequentially("upphandl", { delay: 20 });
    await expect
      // The header box is a combobox (issue 18): word completions and titles are its options.
      .poll(() => page.locator("#site-search-listbox [role=option] .combo-label").allTextContents(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/^upphandl\p{L}*/u)]));
    await page.locator("#site-search").press("Enter");
    await page.waitForURL((u) => u.pathname === "/search");
    expect(new URL(page.url()).searchParams.get("q")).toMatch(/^upphandl/);
  });

  it("keeps the email and shows a translated message on a wrong password", async () => {
    const { page } = await browser.open();
    await page.goto(appUrl("/login"));
    await page.fill("input[name=email]", "lina.ostman@gavle.se");
    await page.fill("input[name=password]", "wrong-password-here");
    await page.click("form.stack button[type=submit]");
    await expect.poll(() => page.locator(".error-summary").textContent()).toContain("Fel e-postadress eller lösenord");
    expect(await page.inputValue("input[name=email]")).toBe("lina.ostman@gavle.se");
    await expectAccessible(page);
  });
});

describe("HTTP", () => {
  it("answers /healthz with 200 JSON", async () => {
    const r = await fetch(appUrl("/healthz"));
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: "ok", database: "up" });
  });

  it("refuses a cross-site POST with 403 before any action runs", async () => {
    const r = await fetch(appUrl("/login"), {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=lina.ostman%40gavle.se&password=allmanning-demo",
    });
    expect(r.status).toBe(403);
    expect(r.headers.get("set-cookie")).toBeNull();
  });

  it("sends security headers and a nonce-based CSP on HTML", async () => {
    const r = await fetch(appUrl("/"));
    const csp = r.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("referrer-policy")).toBeTruthy();
    const html = await r.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(html).toContain(`nonce="${nonce}"`);
  });

  it("serves fingerprinted assets with long cache headers and compresses HTML", async () => {
    const html = await (await fetch(appUrl("/"))).text();
    const css = /href="(\/build\/[^"]+\.css)"/.exec(html)![1];
    const r = await fetch(appUrl(css));
    expect(r.headers.get("cache-control")).toContain("max-age=31536000");
    const g = await fetch(appUrl("/"), { headers: { "Accept-Encoding": "gzip" } });
    expect(g.headers.get("content-encoding")).toBe("gzip");
  });
});
