import { describe, expect, it } from "vitest";
import { appDatabase } from "../support/db";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";

const browser = useBrowser();

// The e2e server runs on the demo seed: public, network and organisation-only case studies and
// threads written through the forum and cases domain (so through the search outbox).

describe("search page", () => {
  it("starts with guidance and is accessible", async () => {
    const { page } = await browser.open();
    const res = await page.goto(appUrl("/search"));
    expect(res?.status()).toBe(200);
    expect(await page.locator("h1").textContent()).toBe("Sök");
    await expect(page.locator(".search-start h2").textContent()).resolves.toContain("Sök i frågor");
    await expectAccessible(page);
  });

  it("shows highlighted results and filters by type with counts, accessibly", async () => {
    const { page } = await browser.open();
    await page.goto(appUrl("/search?q=ai"));
    const count = await page.locator(".results-count").textContent();
    expect(count).toMatch(/\d+ träff/);
    expect(await page.locator(".hit").count()).toBeGreaterThan(0);
    expect(await page.locator(".hit mark").count()).toBeGreaterThan(0);
    // Anonymous visitors see public content only.
    expect(await page.locator(".hit .badge-warn").count()).toBe(0);
    const caseFacet = page.locator('label[for="facet-typ-case"]');
    expect(await caseFacet.textContent()).toMatch(/Fallstudie \(\d+\)/);
    await page.check("#facet-typ-case");
    await Promise.all([page.waitForURL(/typ=case/), page.getByRole("button", { name: "Använd filter" }).click()]);
    await page.waitForFunction(() => !document.querySelector("form[aria-busy]"));
    await expect.poll(() => page.locator(".hit .hit-kind .badge:first-child").allTextContents()).toContain("Fallstudie");
    const badges = await page.locator(".hit .hit-kind .badge:first-child").allTextContents();
    expect(new Set(badges)).toEqual(new Set(["Fallstudie"]));
    await expectAccessible(page);
  });

  it("shows members their organisation's content and others nothing of it", async () => {
    const db = appDatabase();
    try {
      const secret = await db.selectFrom("search_documents as d").innerJoin("organisations as o", "o.id", "d.org_id")
        .select(["d.title", "o.slug"]).where("d.visibility", "=", "organisation").where("d.title", "<>", "")
        .where("o.slug", "=", "gavle").executeTakeFirst();
      expect(secret, "the demo seed has organisation-only content in Gävle").toBeTruthy();
      const q = secret!.title;
      const member = await browser.open();
      await signIn(member.page, "peter.nystrom@gavle.se");
      await member.page.goto(appUrl(`/search?q=${encodeURIComponent(`"${q}"`)}`));
      expect(await member.page.locator(".hit-title").allTextContents()).toContain(q);
      const outsider = await browser.open();
      await signIn(outsider.page, "fatima.said@sandviken.se");
      await outsider.page.goto(appUrl(`/search?q=${encodeURIComponent(`"${q}"`)}`));
      expect(await outsider.page.locator(".hit-title").allTextContents()).not.toContain(q);
      expect(await outsider.page.content()).not.toContain(`>${q}<`);
    } finally {
      await db.destroy();
    }
  });

  it("works without JavaScript: search, filter and page through a plain GET form", async () => {
    const { page } = await browser.open({ javaScript: false });
    await page.goto(appUrl("/search"));
    await page.fill("#search-q", "upphandling");
    await Promise.all([page.waitForURL(/q=upphandling/), page.press("#search-q", "Enter")]);
    expect(await page.locator(".hit").count()).toBeGreaterThan(0);
    await page.selectOption("#search-sort", "newest");
    await Promise.all([page.waitForURL(/sort=newest/), page.getByRole("button", { name: "Använd filter" }).click()]);
    expect(await page.inputValue("#search-q")).toBe("upphandling");
  });

  it("suggests words while typing when JavaScript runs", async () => {
    const { page } = await browser.open();
    await page.goto(appUrl("/search"));
    await page.locator("#search-q").pressSequentially("språk", { delay: 30 });
    await page.waitForFunction(() => document.querySelectorAll("#search-suggestions option").length > 0, null, { timeout: 5000 });
    const options = await page.locator("#search-suggestions option").evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(options.every((o) => o.startsWith("språk"))).toBe(true);
  });

  it("offers 'did you mean' for a misspelling and a helpful empty state", async () => {
    const { page } = await browser.open();
    await page.goto(appUrl("/search?q=upphandlnig"));
    await expect(page.locator(".did-you-mean a").textContent()).resolves.toMatch(/upphandl/);
    await page.goto(appUrl("/search?q=qqxxzzyy"));
    expect(await page.locator(".search-empty h3").textContent()).toBe("Inga träffar");
    await expectAccessible(page);
  });

  it("answers bad input with a message, never an error page", async () => {
    const { page } = await browser.open();
    for (const q of ["x".repeat(10_000), '"obalanserat', "- OR -", "'; DROP TABLE users; --", "färg:röd", "typ:bild"]) {
      const res = await page.goto(appUrl(`/search?q=${encodeURIComponent(q)}`));
      expect(res?.status(), q.slice(0, 20)).toBe(200);
      expect(await page.locator("h1").textContent()).toBe("Sök");
    }
    expect(await page.locator(".notice").textContent()).toContain("Typen ”bild” finns inte");
    const res = await page.goto(appUrl("/search?q=ai&from=inte-ett-datum&page=9999&typ=bild"));
    expect(res?.status()).toBe(200);
    expect(await page.locator(".notice").textContent()).toContain("ogiltiga");
  });
});

describe("forgiving search (issue 18)", () => {
  const member = async () => {
    const b = await browser.open();
    await signIn(b.page, "peter.nystrom@gavle.se");
    return b.page;
  };

  it("searches vaxel as växel, says so, and links to what was typed", async () => {
    const page = await member();
    await page.goto(appUrl("/search?q=vaxel"));
    const notice = page.locator(".searched-for");
    await expect(notice.textContent()).resolves.toContain("Visar träffar för");
    expect(await notice.locator("strong").textContent()).toBe("växel");
    expect(await page.locator(".hit").count()).toBeGreaterThan(0);
    expect(await page.locator(".hit mark").count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await Promise.all([page.waitForURL(/exact=1/), notice.getByRole("link").click()]);
    await expect.poll(() => page.locator(".hit").count()).toBe(0);
    expect(await page.locator(".did-you-mean").textContent()).toContain("växel");
  });

  it("searches the typo upphandlnig as upphandling", async () => {
    const page = await member();
    await page.goto(appUrl("/search?q=upphandlnig"));
    expect(await page.locator(".searched-for strong").textContent()).toBe("upphandling");
    expect(await page.locator(".hit").count()).toBeGreaterThan(2);
  });

  it("splits upphandlingsprocessen into upphandling + process", async () => {
    const page = await member();
    await page.goto(appUrl("/search?q=upphandlingsprocessen"));
    expect(await page.locator(".hit").count()).toBeGreaterThan(0);
    expect((await page.locator(".hit-title").allTextContents()).join(" ").toLowerCase()).toContain("upphandl");
  });

  it("relaxes riktlinjer generativ AI and names the words some results lack", async () => {
    const page = await member();
    await page.goto(appUrl(`/search?q=${encodeURIComponent("riktlinjer generativ AI")}`));
    const soft = page.locator(".soft-and");
    await expect(soft.textContent()).resolves.toMatch(/saknar/);
    expect(await soft.locator("s").count()).toBeGreaterThan(0);
    expect(await page.locator(".hit").count()).toBeGreaterThan(1);
    await expectAccessible(page);
  });

  it("reads tag: synonyms (tag:inköp) and org: by name (org:\"Gävle kommun\")", async () => {
    const page = await member();
    await page.goto(appUrl(`/search?q=${encodeURIComponent("tag:inköp")}`));
    expect(await page.locator(".hit").count()).toBeGreaterThan(0);
    expect(await page.locator(".notice-warn").count()).toBe(0);
    await page.goto(appUrl(`/search?q=${encodeURIComponent('org:"Gävle kommun" ai')}`));
    expect(await page.locator(".notice-warn").count()).toBe(0);
    const metas = await page.locator(".hit .meta").allTextContents();
    expect(metas.length).toBeGreaterThan(0);
    expect(metas.every((m) => m.includes("Gävle kommun"))).toBe(true);
    await page.goto(appUrl(`/search?q=${encodeURIComponent("org:gälve ai")}`));
    expect(await page.locator(".notice-warn").textContent()).toContain("Menade du");
  });
});
