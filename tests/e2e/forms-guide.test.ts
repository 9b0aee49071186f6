import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";

// Forms that guide (issue 16, item 3) in a real Chromium against the seeded production build:
// the error summary links every error to its field and takes focus (with and without
// JavaScript), required fields are marked in text and in the markup, the case form has a guide
// to its parts and keeps a draft, the "chosen organisations" audience opens its picker, and tag
// entry is a combobox over live tags and synonyms. axe runs in the error states too.
const browser = useBrowser();
const LINA = "lina.ostman@gavle.se"; // ambassador, Gävle
const PETER = "peter.nystrom@gavle.se"; // member, Gävle
const rand = randomBytes(3).toString("hex");
const SHOTS = path.join(tmpdir(), "forms-shots");
mkdirSync(SHOTS, { recursive: true });
// What the person sees (the viewport), to be looked at; never committed.
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
const PHONE = { width: 390, height: 844 };
let db: DB;

beforeAll(async () => {
  db = appDatabase();
  // A live tag with a synonym of its own, and a tag merged into it (never offered).
  await db.insertInto("tags").values({ slug: `provtagg-${rand}`, name_sv: `Provtagg ${rand}`, name_en: `Test tag ${rand}`, area: "security", synonyms: [`zyxsyn${rand}`] }).execute();
  const into = await db.selectFrom("tags").select("id").where("slug", "=", `provtagg-${rand}`).executeTakeFirstOrThrow();
  await db.insertInto("tags").values({ slug: `gammal-${rand}`, name_sv: `Gammal ${rand}`, name_en: `Old ${rand}`, area: "security", synonyms: [], merged_into_id: into.id }).execute();
});
afterAll(() => db?.destroy());

async function signedIn(email: string, opts: { javaScript?: boolean; viewport?: { width: number; height: number }; locale?: string } = {}) {
  const s = await browser.open(opts);
  await signIn(s.page, email);
  return s;
}

const active = (page: Page) => page.evaluate(() => ({ id: document.activeElement?.id ?? "", cls: document.activeElement?.className ?? "" }));

describe("the error summary", () => {
  it("without JavaScript: comes first in main with autofocus, takes focus, and lists every error as a link to its field", async () => {
    const { page } = await signedIn(PETER, { javaScript: false });
    await page.goto(appUrl("/threads/new"));
    await page.fill("#f-title", "Kort");
    await Promise.all([page.waitForLoadState("load"), page.click("form.stack button[type=submit]")]);
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    // First in the page's content, before the heading, focused by the browser through autofocus.
    expect(await page.evaluate(() => document.querySelector("main .page")?.firstElementChild?.classList.contains("error-summary"))).toBe(true);
    expect(await summary.getAttribute("autofocus")).not.toBeNull();
    expect(await summary.getAttribute("tabindex")).toBe("-1");
    expect((await active(page)).cls).toContain("error-summary");
    const links = summary.locator("a");
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual(expect.arrayContaining(["#f-title", "#f-body", "#f-tags"]));
    expect(await summary.locator('a[href="#f-title"]').textContent()).toMatch(/^Rubrik: Skriv minst 5 tecken/);
    // Every link's target exists, and what was typed is still there.
    for (const h of hrefs) expect(await page.locator(h!).count(), h!).toBe(1);
    expect(await page.inputValue("#f-title")).toBe("Kort");
  });

  it("with JavaScript: takes focus after a failed submit, each link focuses its field, and axe passes in the error state", async () => {
    const { page } = await signedIn(PETER);
    await page.goto(appUrl("/threads/new"));
    await page.fill("#f-title", "Kort");
    await page.click("form.stack button[type=submit]");
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    await expect.poll(async () => (await active(page)).cls).toContain("error-summary");
    await summary.locator('a[href="#f-tags"]').click();
    expect((await active(page)).id).toBe("f-tags");
    await summary.locator('a[href="#f-body"]').click();
    expect((await active(page)).id).toBe("f-body");
    // Keyboard: Tab from the summary reaches its first link, Enter follows it.
    await summary.focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    expect((await active(page)).id).toBe("f-title");
    await expectAccessible(page);
    await shot(page, "thread-errors-desktop");
    await page.setViewportSize(PHONE);
    await summary.scrollIntoViewIfNeeded();
    await shot(page, "thread-errors-phone");
  });

  it("on the case form: a failed publish lists all fourteen publishing errors, each linked to its field, a group link focuses its first box", async () => {
    const { page } = await signedIn(LINA);
    await page.goto(appUrl("/cases/new"));
    await page.fill("#f-title", `Guidad fallstudie ${rand}`);
    await page.fill("#f-contact_email", "");
    await page.click("button[name=intent][value=publish]");
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    await expect.poll(async () => (await active(page)).cls).toContain("error-summary");
    const hrefs = await summary.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    for (const f of ["summary", "area", "techniques", "status", "start_date", "review_by", "problem", "approach", "outcomes", "evaluated", "lessons", "personal_data", "ai_act_risk", "human_oversight", "contact_email"]) {
      expect(hrefs, f).toContain(`#f-${f}`);
    }
    // In the form's order, starting with the first part.
    expect(hrefs[0]).toBe("#f-summary");
    await summary.locator('a[href="#f-techniques"]').click();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe("techniques");
    await summary.locator('a[href="#f-ai_act_risk"]').click();
    expect((await active(page)).id).toBe("f-ai_act_risk");
    // The guide counts the errors per part.
    expect(await page.locator('.case-guide li[data-section="basics"]').getAttribute("data-state")).toBe("errors");
    expect(await page.locator('.case-guide li[data-section="reuse"]').getAttribute("data-state")).toBe("optional");
    await expectAccessible(page);
    await page.locator(".error-summary").scrollIntoViewIfNeeded();
    await shot(page, "case-errors-desktop");
    await page.locator("nav.case-guide").scrollIntoViewIfNeeded();
    await shot(page, "case-guide-errors-desktop");
    await page.setViewportSize(PHONE);
    await page.locator(".error-summary").scrollIntoViewIfNeeded();
    await shot(page, "case-errors-phone");
    await page.locator("nav.case-guide").scrollIntoViewIfNeeded();
    await shot(page, "case-guide-errors-phone");
  });
});

describe("the error summary in English and on the sign-in form", () => {
  it("says it in English, with the English labels and marks, and passes axe", async () => {
    const { page } = await signedIn(PETER, { locale: "en-GB" });
    await page.goto(appUrl("/threads/new"));
    expect(await page.locator("html").getAttribute("lang")).toBe("en"); // Accept-Language; the seed stores no locale
    expect(await page.locator("label[for=f-title]").textContent()).toContain("(required)");
    expect(await page.locator(".required-legend").textContent()).toContain("Fields marked (required) must be filled in.");
    await page.click("form.stack button[type=submit]");
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("The form has errors.");
    expect(await summary.locator('a[href="#f-body"]').textContent()).toMatch(/^Text: /);
    await expectAccessible(page);
  });

  it("the sign-in form's summary links its field errors too", async () => {
    const { page } = await browser.open();
    await page.goto(appUrl("/login"));
    await page.click("form.stack button[type=submit]");
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    await expect.poll(async () => (await active(page)).cls).toContain("error-summary");
    await summary.locator('a[href="#f-email"]').click();
    expect((await active(page)).id).toBe("f-email");
    await expectAccessible(page);
  });
});

describe("required marks", () => {
  it("mark required fields in the label text and the markup, and the form says once what the mark means", async () => {
    const { page } = await signedIn(PETER);
    await page.goto(appUrl("/threads/new"));
    expect(await page.locator(".required-legend").count()).toBe(1);
    expect(await page.locator(".required-legend").textContent()).toContain("(obligatoriskt) måste fyllas i");
    for (const id of ["f-title", "f-body", "f-tags", "f-orgId"]) {
      expect(await page.locator(`label[for=${id}]`).textContent(), id).toContain("(obligatoriskt)");
      expect(await page.locator(`#${id}`).getAttribute("aria-required"), id).toBe("true");
    }
    // The accessible name carries the mark too.
    expect(await page.getByRole("textbox", { name: "Rubrik (obligatoriskt)" }).count()).toBe(1);
    expect(await page.locator("label[for=f-kind]").count()).toBe(0);
  });

  it("on the case form: the title always, the publishing fields as (krävs för publicering), strictly only once published", async () => {
    const { page } = await signedIn(LINA);
    await page.goto(appUrl("/cases/new"));
    expect(await page.locator("label[for=f-title]").textContent()).toContain("(obligatoriskt)");
    expect(await page.locator("#f-title").getAttribute("aria-required")).toBe("true");
    expect(await page.locator("label[for=f-summary]").textContent()).toContain("(krävs för publicering)");
    expect(await page.locator("#f-summary").getAttribute("aria-required")).toBeNull(); // a draft may leave it empty
    expect(await page.locator("#f-techniques legend").textContent()).toContain("(krävs för publicering)");
    expect(await page.locator("label[for=f-tool]").textContent()).not.toContain("(");
    expect(await page.locator(".required-legend").textContent()).toContain("(krävs för publicering) får vara tomma i ett utkast");
    // A published case: the same fields are required outright.
    const published = await db.selectFrom("cases as c").innerJoin("organisations as o", "o.id", "c.org_id").select(["c.id"]).where("c.state", "=", "published").where("o.slug", "=", "gavle").where("c.deleted_at", "is", null).executeTakeFirst();
    if (!published) throw new Error("the seed has a published Gävle case");
    await page.goto(appUrl(`/cases/${published.id}/edit`));
    expect(await page.locator("label[for=f-summary]").textContent()).toContain("(obligatoriskt)");
    expect(await page.locator("#f-summary").getAttribute("aria-required")).toBe("true");
    await expectAccessible(page);
  });
});

describe("the case form's parts and draft", () => {
  it("shows its parts with progress that follows what is typed, and keeps a draft in the browser that can be restored", async () => {
    const { page } = await signedIn(LINA);
    await page.goto(appUrl("/cases/new"));
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes("case-draft")).forEach((k) => localStorage.removeItem(k)));
    await page.reload();
    const guide = page.locator("nav.case-guide");
    expect(await guide.locator("li").count()).toBe(9);
    expect(await guide.locator("a").first().getAttribute("href")).toBe("#s-basics");
    expect(await page.locator("#s-basics").count()).toBe(1);
    const what = guide.locator('li[data-section="what"]');
    // Organisation, contact (the person's own address) and sharing start filled in.
    expect(await guide.locator(".case-guide-progress").textContent()).toMatch(/3 av 8 delar klara/);
    expect(await what.getAttribute("data-state")).toBe("missing");
    expect(await what.textContent()).toContain("2 fält kvar");
    await page.fill("#f-problem", "Handläggarna hinner inte läsa alla remissvar.");
    await expect.poll(() => what.textContent()).toContain("1 fält kvar");
    await page.fill("#f-approach", "En språkmodell sammanfattar svaren, en handläggare granskar.");
    await expect.poll(() => what.getAttribute("data-state")).toBe("done");
    expect(await guide.locator(".case-guide-progress").textContent()).toMatch(/4 av 8 delar klara/);

    const title = `Utkast i webbläsaren ${rand}`;
    await page.fill("#f-title", title);
    await page.check("input[name=techniques][value=classification]");
    await expect.poll(() => page.locator(".draft-status").textContent()).toContain("Utkast sparat");
    await page.locator("nav.case-guide").scrollIntoViewIfNeeded();
    await shot(page, "case-guide-desktop");

    // Back later: the draft is offered, restored into the fields, the guide follows.
    await page.goto(appUrl("/cases/new"));
    await page.getByText("Det finns ett utkast").waitFor();
    await shot(page, "case-draft-found-desktop");
    expect(await page.inputValue("#f-title")).toBe("");
    await page.getByRole("button", { name: "Återställ utkastet" }).click();
    expect(await page.inputValue("#f-title")).toBe(title);
    expect(await page.inputValue("#f-problem")).toContain("remissvar");
    expect(await page.isChecked("input[name=techniques][value=classification]")).toBe(true);
    await expect.poll(() => what.getAttribute("data-state")).toBe("done");
    await expect.poll(() => page.locator(".draft-status").textContent()).toContain("återställt");
    await expectAccessible(page);

    // Saving the case on the server removes the browser draft.
    await Promise.all([page.waitForURL(/\/cases\/\d+-/), page.click("button[name=intent][value=save]")]);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes("case-draft:") && k.endsWith(":new")).length)).toBe(0);
    await page.goto(appUrl("/cases/new"));
    expect(await page.getByText("Det finns ett utkast").count()).toBe(0);
  });

  it("a draft can be discarded, and another person on the same browser never sees it", async () => {
    const s = await signedIn(LINA, { viewport: PHONE });
    const { page } = s;
    await page.goto(appUrl("/cases/new"));
    await page.fill("#f-title", `Kastas ${rand}`);
    await expect.poll(() => page.locator(".draft-status").textContent()).toContain("Utkast sparat");
    await shot(page, "case-guide-phone");
    const key = await page.evaluate(() => Object.keys(localStorage).find((k) => k.includes("case-draft:")));
    expect(key).toMatch(/^allmanning:case-draft:\d+:new$/);
    await page.goto(appUrl("/cases/new"));
    await page.getByRole("button", { name: "Släng utkastet" }).click();
    expect(await page.evaluate((k) => localStorage.getItem(k!), key)).toBeNull();
    await page.fill("#f-title", `Kastas igen ${rand}`);
    await expect.poll(() => page.evaluate((k) => localStorage.getItem(k!), key)).toContain("Kastas igen");
    // Another account in the same browser profile (same localStorage): its own key, no offer.
    await page.context().clearCookies();
    await signIn(page, "marcus.ahlund@gavle.se"); // moderator, Gävle
    await page.goto(appUrl("/cases/new"));
    expect(await page.getByText("Det finns ett utkast").count()).toBe(0);
    expect(await page.evaluate((k) => localStorage.getItem(k!), key)).toContain("Kastas igen"); // Lina's is still hers
  });

  it("without JavaScript: the guide is there from the server, the form explains Spara utkast, and a failed save keeps everything", async () => {
    const { page } = await signedIn(LINA, { javaScript: false });
    await page.goto(appUrl("/cases/new"));
    expect(await page.locator("nav.case-guide li").count()).toBe(9);
    expect(await page.getByText("Spara utkast sparar fallet på servern").count()).toBe(1);
    await page.fill("#f-problem", "Text som inte får försvinna.");
    await Promise.all([page.waitForLoadState("load"), page.click("button[name=intent][value=save]")]);
    await page.locator(".error-summary").waitFor();
    expect(await page.locator('.error-summary a[href="#f-title"]').count()).toBe(1);
    expect(await page.inputValue("#f-problem")).toBe("Text som inte får försvinna.");
    expect(await page.locator('.case-guide li[data-section="what"]').textContent()).toContain("1 fält kvar");
  });
});

describe("the organisation picker", () => {
  it("opens at once when 'Gävle kommun och utvalda organisationer' is chosen", async () => {
    const { page } = await signedIn(PETER);
    await page.goto(appUrl("/threads/new"));
    const box = page.locator("details.share-box");
    expect(await box.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await page.getByLabel(/^Gävle kommun och utvalda organisationer/).check();
    await expect.poll(() => box.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await page.locator("#f-sharedOrgIds input[type=checkbox]").first().isVisible()).toBe(true);
    expect(await page.locator("#f-audience-chosen-hint").textContent()).toContain("öppnad nedanför");
    await expectAccessible(page);
  });

  it("without JavaScript the picker is present and explained next to the choice", async () => {
    const { page } = await signedIn(PETER, { javaScript: false });
    await page.goto(appUrl("/threads/new"));
    expect(await page.locator("#f-audience-chosen-hint").textContent()).toContain("Välj organisationerna i listan Utvalda organisationer nedan");
    expect(await page.locator("#f-sharedOrgIds input[type=checkbox]").count()).toBeGreaterThan(1);
  });
});

describe("tag entry", () => {
  it("suggests live tags and synonyms as a combobox, driven by the keyboard, and says when a word is not a tag", async () => {
    const { page } = await signedIn(PETER);
    await page.goto(appUrl("/threads/new"));
    const input = page.locator("#f-tags");
    expect(await input.getAttribute("role")).toBe("combobox");
    expect(await input.getAttribute("aria-expanded")).toBe("false");
    await input.click();
    await input.pressSequentially("kund");
    await expect.poll(() => input.getAttribute("aria-expanded")).toBe("true");
    const list = page.locator("#f-tags-listbox");
    expect(await list.getAttribute("role")).toBe("listbox");
    expect(await list.locator("[role=option]").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("Kundtjänst")]));
    // A polite live count, not a second role=status on the page.
    await expect.poll(() => page.locator(".tag-input [aria-live=polite]").textContent()).toMatch(/\d+ förslag/);
    expect(await page.locator("#f-tags-note").count()).toBe(0); // a prefix of offered tags is not "not a tag"
    expect(await page.locator(".tag-input [role=status]").count()).toBe(0);
    await page.keyboard.press("ArrowDown");
    const first = await input.getAttribute("aria-activedescendant");
    expect(first).toMatch(/^f-tags-opt-/);
    expect(await page.locator(`#${first}`).getAttribute("aria-selected")).toBe("true");
    await page.keyboard.press("Enter");
    await expect.poll(() => input.inputValue()).toMatch(/^Kundtjänst, $/);
    expect(await input.getAttribute("aria-expanded")).toBe("false");

    // A synonym finds its tag, and says which synonym matched.
    await input.pressSequentially(`zyxsyn${rand}`.slice(0, 8));
    await expect.poll(() => list.locator("[role=option]").allTextContents()).toEqual([expect.stringMatching(new RegExp(`Provtagg ${rand}.*synonymen`))]);
    await expectAccessible(page);
    await shot(page, "tags-open-desktop");
    // Escape closes the list and keeps the text.
    await page.keyboard.press("Escape");
    expect(await input.getAttribute("aria-expanded")).toBe("false");
    expect(await input.inputValue()).toContain("Kundtjänst, zyxsyn");
    // Up from a closed list opens it at the last option, Enter takes it.
    await page.keyboard.press("ArrowUp");
    await expect.poll(() => input.getAttribute("aria-expanded")).toBe("true");
    await page.keyboard.press("Enter");
    await expect.poll(() => input.inputValue()).toBe(`Kundtjänst, Provtagg ${rand}, `);

    // An unknown word: the note says it is not a tag (members cannot create tags).
    await input.pressSequentially(`okänt${rand}`);
    await expect.poll(() => page.locator("#f-tags-note").textContent()).toContain(`”okänt${rand}” finns inte som tagg`);
    expect(await input.getAttribute("aria-describedby")).toContain("f-tags-note");
    await shot(page, "tags-new-desktop");
  });

  it("the suggestion endpoint offers live tags by name, slug and synonym, never a merged tag, and names an exact hit", async () => {
    const { page } = await signedIn(LINA);
    const get = async (q: string) => (await page.request.get(appUrl(`/tags/suggest.json?q=${encodeURIComponent(q)}`))).json() as Promise<{ tags: { slug: string; name: string; synonym: string | null; exact: boolean }[]; canCreate: boolean }>;
    expect((await page.request.get(appUrl("/tags/suggest.json?q=kund"))).headers()["cache-control"]).toContain("no-store");
    const byName = await get(`Provtagg ${rand}`);
    expect(byName.tags).toEqual([{ slug: `provtagg-${rand}`, name: `Provtagg ${rand}`, synonym: null, exact: true }]);
    expect(byName.canCreate).toBe(true); // an ambassador may create tags
    expect((await get(`zyxsyn${rand}`)).tags).toEqual([{ slug: `provtagg-${rand}`, name: `Provtagg ${rand}`, synonym: `zyxsyn${rand}`, exact: true }]);
    expect((await get(`gammal-${rand}`)).tags).toEqual([]);
    expect((await get(`Gammal ${rand}`)).tags).toEqual([]);
    expect((await get("%")).tags).toEqual([]); // a wildcard is matched literally
    expect((await get("k")).tags).toEqual([]); // from two characters
  });

  it("with the autocomplete on the phone, and as a plain text field without JavaScript", async () => {
    const phone = await signedIn(PETER, { viewport: PHONE });
    await phone.page.goto(appUrl("/threads/new"));
    await phone.page.locator("#f-tags").pressSequentially("chatt");
    await expect.poll(() => phone.page.locator("#f-tags").getAttribute("aria-expanded")).toBe("true");
    await shot(phone.page, "tags-open-phone");

    const { page } = await signedIn(PETER, { javaScript: false });
    await page.goto(appUrl("/threads/new"));
    expect(await page.locator("#f-tags").getAttribute("role")).toBeNull();
    expect(await page.locator("#f-tags-listbox").count()).toBe(0);
  });
});
