import os from "node:os";
import path from "node:path";
import Parser from "rss-parser";
import { describe, expect, it } from "vitest";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";

// Journeys: find and subscribe to a tag's feed (discovery link → a real parser), make a private
// feed address on /settings/feeds, and open an organisation's webhooks page as its admin.
// Screenshots (desktop and phone) go to the OS temp folder.
const browser = useBrowser();
const shot = (name: string) => path.join(os.tmpdir(), `allmanning-${name}.png`);

describe("feeds", () => {
  it("a tag page announces its feed; the feed parses and lists the tag's threads", async () => {
    const { page } = await browser.open();
    await page.goto(appUrl("/tags"));
    const tagHref = await page.locator("main a[href^='/tags/']").first().getAttribute("href");
    await page.goto(appUrl(tagHref!));
    const atom = await page.locator("link[rel=alternate][type='application/atom+xml']").getAttribute("href");
    expect(atom).toBe(`/feeds${tagHref}.atom`);
    const res = await page.request.get(appUrl(atom!));
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
    const feed = await new Parser().parseString(await res.text());
    expect(feed.title).toContain("Allmänning");
    for (const i of feed.items) expect(i.link).toMatch(/\/(t|cases)\/\d+-/);
    expect((await page.request.get(appUrl("/feeds/tags/finns-inte-alls.atom"))).status()).toBe(404);
  });

  it("/settings/feeds makes a private address that works in a feed reader, shown once", async () => {
    for (const [name, viewport] of [["desktop", { width: 1366, height: 900 }], ["phone", { width: 390, height: 844 }]] as const) {
      const { page } = await browser.open({ viewport });
      await signIn(page, "eva.sjoberg@gavle.se");
      await page.goto(appUrl("/settings/feeds"));
      await expectAccessible(page);
      await page.getByRole("button", { name: /Skapa( ny)? hemlig adress/ }).click();
      const link = page.locator("a.feed-url[href^='/feeds/p/']").first();
      await link.waitFor();
      const href = (await link.getAttribute("href"))!;
      await expectAccessible(page);
      await page.screenshot({ path: shot(`settings-feeds-${name}`), fullPage: true });
      const res = await page.context().request.get(appUrl(href), { headers: { cookie: "" } });
      expect(res.status()).toBe(200);
      expect(res.headers()["cache-control"]).toBe("private, no-store");
      await new Parser().parseString(await res.text());
      // Reloading does not show the secret again.
      await page.goto(appUrl("/settings/feeds"));
      expect(await page.locator("a.feed-url[href^='/feeds/p/']").count()).toBe(0);
    }
  });
});

describe("webhooks page", () => {
  it("an org admin sees the page; a bad URL keeps what was typed with the message at the field", async () => {
    for (const [name, viewport] of [["desktop", { width: 1366, height: 900 }], ["phone", { width: 390, height: 844 }]] as const) {
      const { page } = await browser.open({ viewport });
      await signIn(page, "eva.sjoberg@gavle.se");
      await page.goto(appUrl("/orgs/gavle/admin/webhooks"));
      await expectAccessible(page);
      await page.fill("input[name=url]", "https://10.0.0.5/hook");
      await page.fill("input[name=description]", "Intranätet");
      await page.getByRole("button", { name: "Lägg till mottagare" }).click();
      await page.locator("#f-url-error").waitFor();
      expect(await page.inputValue("input[name=description]")).toBe("Intranätet");
      expect(await page.inputValue("input[name=url]")).toBe("https://10.0.0.5/hook");
      await expectAccessible(page);
      await page.screenshot({ path: shot(`webhooks-${name}`), fullPage: true });
    }
  });
});
