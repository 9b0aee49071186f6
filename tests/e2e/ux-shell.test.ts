import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { acceptAnswer } from "../../app/forum/qa.server";
import { reply } from "../../app/forum/posts.server";
import { createThread } from "../../app/forum/threads.server";
import { KNOWN_ISSUES } from "../../app/lib/ui/known-issues";
import { appDatabase } from "../support/db";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";
import { viewerFor } from "../support/factories";

// Issue 16, items 2, 8, 9 and 10 in a real browser: focus and announcements after client-side
// navigation and after posting, the phone header, the small bugs, and the accessibility
// statement's defect-report form, with and without JavaScript, and axe on every page touched.
const browser = useBrowser();
let db: DB;
const rand = randomBytes(3).toString("hex");
const LINA = "lina.ostman@gavle.se"; // ambassador, Gävle
const PETER = "peter.nystrom@gavle.se"; // member, Gävle
const JOHAN = "johan.berg@regiongavleborg.se"; // network moderator
const PHONE = { width: 390, height: 844 };

const ctxFor = async (email: string) => {
  const u = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  return { db, viewer: await viewerFor(db, u.id), now: new Date() };
};

/** A public question by Lina with `answers` replies by Peter; returns its path and reply ids. */
async function question(title: string, answers: number) {
  const lina = await ctxFor(LINA);
  const peter = await ctxFor(PETER);
  const org = lina.viewer.memberships[0].orgId;
  const tag = await db.selectFrom("tags").select("slug").orderBy("id").executeTakeFirstOrThrow();
  const t = await createThread(lina, { kind: "question", title: `${title} ${rand}`, body: "Vi undrar hur ni gör.", tags: [tag.slug], orgId: org, audience: "public", sharedOrgIds: [] });
  if (!t.ok) throw new Error(JSON.stringify(t));
  const ids: string[] = [];
  for (let i = 0; i < answers; i++) {
    const r = await reply(peter, t.id, { body: `Svar nummer ${i + 1} om hur vi gör.` });
    if (!r.ok) throw new Error(JSON.stringify(r));
    ids.push(r.id);
  }
  return { id: t.id, path: `/t/${t.id}-${t.slug}`, replyIds: ids };
}

const active = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    return { tag: a?.tagName ?? "", id: a?.id ?? "", text: (a?.textContent ?? "").trim(), inside: a?.closest("article[id]")?.id ?? "" };
  });
const announced = (page: Page) => page.locator("[data-route-announcer]").textContent();

beforeAll(() => {
  db = appDatabase();
});
afterAll(() => db.destroy());

describe("focus and announcements", () => {
  it("moves focus to the new page's h1 and announces its title after a client-side navigation; the skip link reaches main", async () => {
    const { page } = await browser.open();
    await signIn(page, LINA);
    await page.goto(appUrl("/"));
    // The live region is aria-live, never a second role=status on the page.
    expect(await page.locator("[data-route-announcer]").getAttribute("aria-live")).toBe("polite");
    expect(await page.locator("[data-route-announcer]").getAttribute("role")).toBeNull();
    await page.keyboard.press("Tab");
    expect((await active(page)).text).toBe("Hoppa till huvudinnehållet");
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await active(page)).id).toBe("main");

    await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Fallstudier" }).click();
    await page.waitForURL((u) => u.pathname === "/cases");
    await expect.poll(async () => (await active(page)).tag).toBe("H1");
    expect((await active(page)).text).toBe(await page.locator("main h1").textContent());
    await expect.poll(() => announced(page)).toBe(await page.title());
    // The next Tab continues from the heading, inside the page, not from the top of the header.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest("main")))).toBe(true);

    await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Trådar" }).click();
    await page.waitForURL((u) => u.pathname === "/threads");
    await expect.poll(async () => (await active(page)).tag).toBe("H1");
    await expect.poll(() => announced(page)).toBe(await page.title());
    await expectAccessible(page);
  });

  it("lands on the new reply after posting and on the same control after voting and accepting, each announced", async () => {
    const q = await question("Hur märker ni AI-genererade svar?", 1);
    const peter = (await browser.open()).page;
    await signIn(peter, PETER);
    await peter.goto(appUrl(q.path));
    await peter.fill(".reply-box textarea[name=body]", "Vi skriver det i sidfoten på varje svar.");
    await Promise.all([peter.waitForURL(/#p\d+$/), peter.getByRole("button", { name: "Skicka svar" }).click()]);
    const hash = new URL(peter.url()).hash.slice(1);
    await expect.poll(async () => (await active(peter)).id).toBe(hash);
    await expect.poll(() => announced(peter)).toBe("Ditt svar är publicerat.");
    // Editing closes the edit box: focus lands on the updated answer itself.
    await peter.locator(`#${hash} summary`).click();
    await peter.locator(`#${hash} textarea[name=body]`).fill("Vi skriver det i sidfoten på varje svar, och i loggen.");
    await peter.locator(`#${hash}`).getByRole("button", { name: "Spara ändringen" }).click();
    await expect.poll(() => peter.locator(`#${hash} .post-body`).textContent(), { timeout: 10_000 }).toContain("och i loggen");
    await expect.poll(async () => (await active(peter)).id).toBe(hash);
    await expect.poll(() => announced(peter)).toBe("Ändringen är sparad.");

    const lina = (await browser.open()).page;
    await signIn(lina, LINA);
    await lina.goto(appUrl(q.path));
    await lina.getByRole("button", { name: "Hjälpsamt (Svar 1)" }).click();
    await expect.poll(async () => (await active(lina)).text, { timeout: 10_000 }).toBe("Ta tillbaka (Svar 1)");
    expect((await active(lina)).inside).toBe("p1");
    await expect.poll(() => announced(lina)).toBe("Din röst är registrerad.");

    await lina.getByRole("button", { name: "Acceptera som svar (Svar 1)" }).click();
    await expect.poll(async () => (await active(lina)).text, { timeout: 10_000 }).toBe("Ta bort markering som accepterat svar (Svar 1)");
    await expect.poll(() => announced(lina)).toBe("Svaret är markerat som accepterat.");
    // The accepted answer is listed above: the heading over the rest counts only the rest.
    expect(await lina.locator("#answers-heading").textContent()).toBe("Övriga svar (1)");
    await expectAccessible(lina);
  });

  it("counts an accepted only answer correctly instead of '1 svar' over an empty list", async () => {
    const q = await question("Vem äger promptbiblioteket?", 1);
    expect((await acceptAnswer(await ctxFor(LINA), q.id, q.replyIds[0])).ok).toBe(true);
    const { page } = await browser.open({ javaScript: false });
    await page.goto(appUrl(q.path));
    expect(await page.locator("#accepted-heading").textContent()).toBe("Accepterat svar");
    expect(await page.locator("#answers-heading").textContent()).toBe("Övriga svar (0)");
    expect(await page.locator(".answers").textContent()).toContain("Inga fler svar än det accepterade.");
    expect(await page.locator(".answers article.post").count()).toBe(0);
  });

  it.each([true, false])("offers 'Hoppa till svarsrutan' on a long thread and it moves focus to the reply box (JavaScript: %s)", async (javaScript) => {
    const long = await question("Hur utbildar ni chefer i AI?", 6);
    const short = await question("Finns det en mall för DPIA?", 2);
    const { page } = await browser.open({ javaScript });
    await signIn(page, LINA);
    await page.goto(appUrl(short.path));
    expect(await page.getByRole("link", { name: "Hoppa till svarsrutan" }).count()).toBe(0);
    await page.goto(appUrl(long.path));
    await page.getByRole("link", { name: "Hoppa till svarsrutan" }).click();
    await page.waitForURL(/#reply-heading$/);
    await expect.poll(async () => (await active(page)).id).toBe("reply-heading");
    // The next Tab goes into the reply form (the editor's toolbar first, with JavaScript).
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest(".reply-box form")))).toBe(true);
    if (javaScript) await expectAccessible(page);
  });
});

describe("the phone header", () => {
  it("takes well under a third of a 390×844 screen, and its menu button is a disclosure", async () => {
    for (const locale of ["sv-SE", "en-GB"]) {
      const { page } = await browser.open({ viewport: PHONE, locale });
      await signIn(page, JOHAN);
      await page.goto(appUrl("/"));
      const height = await page.locator("header.site-header").evaluate((h) => h.getBoundingClientRect().height);
      expect(height).toBeLessThan(844 / 4);
      const nav = page.getByRole("navigation", { name: locale === "sv-SE" ? "Huvudmeny" : "Main menu" });
      expect(await nav.isVisible()).toBe(false);
      const button = page.getByRole("button", { name: locale === "sv-SE" ? "Meny" : "Menu" });
      expect(await button.getAttribute("aria-expanded")).toBe("false");
      await button.click();
      expect(await button.getAttribute("aria-expanded")).toBe("true");
      expect(await nav.isVisible()).toBe(true);
      await expectAccessible(page);
      // Escape closes it and gives focus back to the button.
      await page.keyboard.press("Escape");
      expect(await button.getAttribute("aria-expanded")).toBe("false");
      expect(await page.evaluate(() => document.activeElement?.classList.contains("menu-toggle"))).toBe(true);
      // A link in the menu navigates and the menu closes behind it.
      await button.click();
      await nav.getByRole("link", { name: locale === "sv-SE" ? "Fallstudier" : "Case studies" }).click();
      await page.waitForURL((u) => u.pathname === "/cases");
      await expect.poll(() => button.getAttribute("aria-expanded")).toBe("false");
      await expect.poll(async () => (await active(page)).tag).toBe("H1");
    }
  });

  it("opens the menu without JavaScript (a link to #meny) and shows every navigation link", async () => {
    const { page } = await browser.open({ viewport: PHONE, javaScript: false });
    await page.goto(appUrl("/"));
    const nav = page.getByRole("navigation", { name: "Huvudmeny" });
    expect(await nav.isVisible()).toBe(false);
    await page.getByRole("link", { name: "Meny" }).click();
    await page.waitForURL(/#meny$/);
    expect(await nav.isVisible()).toBe(true);
    expect(await nav.getByRole("link").allTextContents()).toEqual(["Start", "Trådar", "Fallstudier", "Sök", "Organisationer", "Goda exempel"]);
    expect(await page.getByRole("link", { name: "Logga in" }).isVisible()).toBe(true);
    await page.getByRole("link", { name: "Stäng menyn" }).click();
    expect(await nav.isVisible()).toBe(false);
  });

  it("keeps the desktop header as it was: no menu button, the navigation in view", async () => {
    const { page } = await browser.open();
    await page.goto(appUrl("/"));
    expect(await page.locator(".menu-toggle").isVisible()).toBe(false);
    expect(await page.getByRole("navigation", { name: "Huvudmeny" }).isVisible()).toBe(true);
  });
});

describe("small bugs", () => {
  it("labels the search facet's any-choice 'Alla frågor', not 'Rensa filter'", async () => {
    const { page } = await browser.open();
    await page.goto(appUrl("/search?q=chattbot&answered=solved"));
    expect(await page.locator("label[for=facet-answered-all]").textContent()).toMatch(/^Alla frågor/);
    await expectAccessible(page);
  });

  it("shows the English search placeholder whole", async () => {
    const { page } = await browser.open({ locale: "en-GB" });
    await signIn(page, JOHAN); // the longest header: mailbox, bell, name, settings, sign out
    await page.goto(appUrl("/"));
    const fits = await page.locator("#site-search").evaluate((el) => {
      const input = el as HTMLInputElement;
      const style = getComputedStyle(input);
      const canvas = document.createElement("canvas").getContext("2d")!;
      canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return { text: input.placeholder, width: canvas.measureText(input.placeholder).width, room };
    });
    expect(fits.text).toBe("Search threads and cases");
    expect(fits.width).toBeLessThanOrEqual(fits.room);
  });

  it("gives every search landmark on /admin/people a name of its own", async () => {
    const { page } = await browser.open();
    await signIn(page, "karin.lindqvist@regiongavleborg.se");
    await page.goto(appUrl("/admin/people"));
    const names = await page.locator("[role=search]").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
    expect(names).toEqual(["Sök i Allmänning", "Sök person"]);
    await expectAccessible(page);
  });

  it("keeps a checkbox its size when its label wraps on /cases at 320 px", async () => {
    const { page } = await browser.open({ viewport: { width: 320, height: 700 } });
    await page.goto(appUrl("/cases"));
    const sizes = await page.locator(".facet .choice input[type=checkbox]").evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().width)));
    expect(sizes.length).toBeGreaterThan(5);
    expect(new Set(sizes).size).toBe(1);
    expect(sizes[0]).toBeGreaterThan(10);
    await expectAccessible(page);
  });

  it("reflows the case figures table at 320 px: no sideways scrolling", async () => {
    const c = await db.selectFrom("cases as c").innerJoin("case_figures as f", "f.case_id", "c.id").select(["c.id", "c.slug"])
      .where("c.state", "=", "published").where("c.visibility", "=", "public").where("c.deleted_at", "is", null).executeTakeFirstOrThrow();
    const { page } = await browser.open({ viewport: { width: 320, height: 700 } });
    await page.goto(appUrl(`/cases/${c.id}-${c.slug}`));
    const table = page.locator("table.figures");
    expect(await table.count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    const box = await table.evaluate((t) => t.getBoundingClientRect().right);
    expect(box).toBeLessThanOrEqual(320);
  });

  it("marks forum content lang=sv in the English interface", async () => {
    const q = await question("Hur loggar ni promptar?", 1);
    const { page } = await browser.open({ locale: "en-GB" });
    await page.goto(appUrl(q.path));
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.locator("#thread-title").getAttribute("lang")).toBe("sv");
    expect(await page.locator(".thread-body").getAttribute("lang")).toBe("sv");
    expect(await page.locator("#p1 .post-body").getAttribute("lang")).toBe("sv");
    await expectAccessible(page);
    // In the Swedish interface the attribute is not repeated.
    const sv = (await browser.open()).page;
    await sv.goto(appUrl(q.path));
    expect(await sv.locator("#thread-title").getAttribute("lang")).toBeNull();
  });

  it("redirects a case URL with a wrong or missing slug to its canonical address, as thread URLs do", async () => {
    const c = await db.selectFrom("cases").select(["id", "slug"]).where("state", "=", "published").where("visibility", "=", "public").where("deleted_at", "is", null).executeTakeFirstOrThrow();
    for (const wrong of [`/cases/${c.id}`, `/cases/${c.id}-fel-namn`]) {
      const r = await fetch(appUrl(wrong), { redirect: "manual" });
      expect(r.status).toBe(301);
      expect(new URL(r.headers.get("location")!, appUrl()).pathname).toBe(`/cases/${c.id}-${c.slug}`);
    }
    expect((await fetch(appUrl(`/cases/${c.id}-${c.slug}`), { redirect: "manual" })).status).toBe(200);
    // An unreadable case stays a plain 404: the redirect never tells its slug.
    const draft = await db.selectFrom("cases").select("id").where("state", "=", "draft").executeTakeFirst();
    if (draft) expect((await fetch(appUrl(`/cases/${draft.id}`), { redirect: "manual" })).status).toBe(404);
  });
});

describe("the accessibility statement", () => {
  it("lists the known shortcomings with criteria and dates, in both languages", async () => {
    for (const [locale, found, fix] of [["sv-SE", "upptäckt", "åtgärdas senast"], ["en-GB", "found", "to be fixed by"]] as const) {
      const { page } = await browser.open({ locale });
      await page.goto(appUrl("/tillganglighet"));
      const items = await page.locator(".known-issues li").allTextContents();
      expect(items.length).toBe(KNOWN_ISSUES.length);
      expect(items.length).toBeGreaterThan(0);
      // Fixed shortcomings leave the list (error summaries and the forms' visibility wording, issue 16).
      expect(await page.locator("#brist-errorSummary, #brist-visibilityWording").count()).toBe(0);
      for (const text of items) expect(text).toMatch(new RegExp(`WCAG \\d\\.\\d\\.\\d.*${found} \\d{1,2} \\p{L}+ 20\\d\\d`, "u"));
      expect(items.some((text) => text.includes(fix))).toBe(true);
      await expectAccessible(page);
    }
  });

  it.each([true, false])("takes a defect report without sign-in, keeps what was typed on an error, and says thanks (JavaScript: %s)", async (javaScript) => {
    const { page } = await browser.open({ javaScript, viewport: PHONE });
    await page.goto(appUrl("/tillganglighet?sida=/threads"));
    expect(await page.inputValue("#f-page")).toBe("/threads");
    await page.fill("#f-name", "Anna Andersson");
    await page.fill("#f-email", "inte-en-adress");
    await page.getByRole("button", { name: "Skicka rapporten" }).click();
    await expect.poll(() => page.locator("#f-description-error").textContent(), { timeout: 10_000 }).toBe("Beskriv problemet.");
    expect(await page.locator("#f-email-error").textContent()).toContain("giltig e-postadress");
    expect(await page.inputValue("#f-name")).toBe("Anna Andersson");
    expect(await page.inputValue("#f-page")).toBe("/threads");
    if (javaScript) await expectAccessible(page);
    const text = `Fokus hamnar bakom menyn på mobilen ${rand} ${javaScript}`;
    await page.fill("#f-description", text);
    await page.fill("#f-email", "anna@example.se");
    await page.getByRole("button", { name: "Skicka rapporten" }).click();
    await expect.poll(() => page.getByRole("status").textContent(), { timeout: 10_000 }).toBe("Tack! Din rapport har kommit fram till nätverkets moderatorer.");
    const rows = await db.selectFrom("accessibility_reports").selectAll().where("description", "=", text).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reporter_id: null, name: "Anna Andersson", email: "anna@example.se", page: "/threads", status: "open" });
    if (javaScript) await expectAccessible(page);
  });

  it("puts the report in front of the network moderators, who mark it handled; a member gets no list", async () => {
    const text = `Kontrasten på knappen är för låg ${rand}`;
    const member = (await browser.open()).page;
    await signIn(member, PETER);
    await member.goto(appUrl("/tillganglighet"));
    // Signed in, the contact fields are not asked for.
    expect(await member.locator("#f-email").count()).toBe(0);
    await member.fill("#f-description", text);
    await member.getByRole("button", { name: "Skicka rapporten" }).click();
    await expect.poll(() => member.getByRole("status").textContent(), { timeout: 10_000 }).toContain("Tack!");
    expect((await member.goto(appUrl("/mod/accessibility")))?.status()).toBe(403);

    const { page } = await browser.open();
    await signIn(page, JOHAN);
    await page.goto(appUrl("/mod/queue"));
    await page.getByRole("link", { name: "Tillgänglighet", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/mod/accessibility");
    const item = page.locator(".a11y-reports li").filter({ hasText: text });
    expect(await item.textContent()).toContain("Peter Nyström");
    await expectAccessible(page);
    await item.getByRole("button", { name: /Markera som hanterad/ }).click();
    await expect.poll(() => page.getByRole("status").textContent(), { timeout: 10_000 }).toBe("Rapporten är markerad som hanterad.");
    expect(await page.locator(".a11y-reports li").filter({ hasText: text }).count()).toBe(0);
  });

  it("refuses a flood of reports from one address with a 429 that keeps the text, and a resent form writes once", async () => {
    const origin = new URL(appUrl()).origin;
    const post = (fields: Record<string, string>) =>
      fetch(appUrl("/tillganglighet"), { method: "POST", redirect: "manual", headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
    const token = randomBytes(16).toString("base64url");
    const twice = `Samma rapport två gånger ${rand}`;
    expect((await post({ description: twice, _submission: token })).status).toBe(303);
    expect((await post({ description: twice, _submission: token })).status).toBe(303);
    expect(await db.selectFrom("accessibility_reports").select("id").where("description", "=", twice).execute()).toHaveLength(1);
    let last: Response | null = null;
    for (let i = 0; i < 6; i++) last = await post({ description: `Flod ${i} ${rand}` });
    expect(last!.status).toBe(429);
    const html = await last!.text();
    expect(html).toContain(`Flod 5 ${rand}`);
    expect(html).toContain("Vänta");
  });
});
