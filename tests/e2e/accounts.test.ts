import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { createUser, FACTORY_PASSWORD } from "../support/factories";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";

const browser = useBrowser();
let db: DB;
beforeAll(() => {
  db = appDatabase();
});
afterAll(() => db.destroy());

const rand = () => randomBytes(3).toString("hex");
const orgId = async (slug: string) => (await db.selectFrom("organisations").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
async function membershipsOf(email: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .innerJoin("organisations as o", "o.id", "m.org_id")
    .select(["o.slug", "m.role"])
    .where("u.email", "=", email)
    .execute();
}

/**
 * Reads the newest link in mail to `to` from the dev mailbox as the network admin (the only one who
 * may read other people's mail there) and follows it in `page`.
 */
async function followMailLink(page: Page, to: string, linkPart: string) {
  const mailReader = (await browser.open()).page;
  await signIn(mailReader, "karin.lindqvist@regiongavleborg.se");
  await mailReader.goto(appUrl(`/dev/mailbox?to=${encodeURIComponent(to)}`));
  await expectAccessible(mailReader);
  const link = mailReader.locator(`article.mail a[href*="${linkPart}"]`).first();
  await expect.poll(() => link.count()).toBe(1);
  const href = (await link.getAttribute("href"))!;
  expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  await page.goto(appUrl(new URL(href).pathname + new URL(href).search));
}

describe("joining", () => {
  it("invitation → accept → signed in as a member of the right organisation", async () => {
    const email = `inbjuden-${rand()}@example.org`;
    const admin = await browser.open();
    await signIn(admin.page, "eva.sjoberg@gavle.se");
    await admin.page.goto(appUrl("/orgs/gavle/admin"));
    await expectAccessible(admin.page);
    await admin.page.fill("input[name=email]", email);
    await admin.page.selectOption("select[name=role]", "ambassador");
    await admin.page.getByRole("button", { name: "Skicka inbjudan" }).click();
    await expect.poll(() => admin.page.locator("[role=status]").textContent()).toContain(email);
    await expect.poll(() => admin.page.locator(".invite-list").textContent()).toContain(email);

    const guest = await browser.open();
    await followMailLink(guest.page, email, "/invite/");
    expect(await guest.page.locator("h1").textContent()).toBe("Inbjudan till Gävle kommun");
    await expectAccessible(guest.page);
    await guest.page.fill("input[name=name]", "Ines Inbjuden");
    await guest.page.fill("input[name=password]", "en promenad längs gavleån");
    await Promise.all([guest.page.waitForURL(appUrl("/orgs/gavle")), guest.page.getByRole("button", { name: "Gå med" }).click()]);
    await expect.poll(() => guest.page.locator(".who").textContent()).toBe("Ines Inbjuden");
    expect(await membershipsOf(email)).toEqual([{ slug: "gavle", role: "ambassador" }]);
    // The link is single-use.
    await followMailLink(guest.page, email, "/invite/");
    expect(await guest.page.locator("h1").textContent()).toBe("Inbjudan är redan använd");
    expect(await guest.page.getByRole("link", { name: "Logga in", exact: true }).getAttribute("href")).toBe("/login?redirectTo=%2Forgs%2Fgavle");
  });

  it("domain sign-up → confirmation mail in the dev mailbox → member", async () => {
    const email = `ny.${rand()}@hofors.se`;
    const { page } = await browser.open();
    await page.goto(appUrl("/login"));
    await page.getByRole("link", { name: "Skapa konto med din jobbadress" }).click();
    await page.waitForURL(appUrl("/signup"));
    await expectAccessible(page);
    await page.fill("input[name=name]", "Hanna Hofors");
    await page.fill("input[name=email]", email);
    await page.fill("input[name=password]", "bruksorten i södra gästrikland");
    await page.getByRole("button", { name: "Skapa konto" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Kolla din e-post");
    expect(await membershipsOf(email)).toEqual([]);
    await followMailLink(page, email, "/signup/confirm");
    await expectAccessible(page);
    await Promise.all([page.waitForURL(appUrl("/orgs/hofors")), page.getByRole("button", { name: "Bekräfta och logga in" }).click()]);
    await expect.poll(() => page.locator(".who").textContent()).toBe("Hanna Hofors");
    expect(await membershipsOf(email)).toEqual([{ slug: "hofors", role: "member" }]);
  });

  it.each([true, false])("a wrong domain gets a clear message to ask its own organisation, naming nobody (JavaScript: %s)", async (javaScript) => {
    const { page } = await browser.open({ javaScript });
    await page.goto(appUrl("/signup"));
    await page.fill("input[name=name]", "Gustav Gmail");
    await page.fill("input[name=email]", "gustav@gmail.com");
    await page.fill("input[name=password]", "ett långt och bra lösenord");
    await page.getByRole("button", { name: "Skapa konto" }).click();
    const error = page.locator("#f-email-error");
    await expect.poll(() => error.textContent()).toContain("@gmail.com hör inte till någon organisation");
    expect(await error.textContent()).toContain("Be din organisations samordnare");
    // No admin's name or address is shown to an anonymous visitor.
    expect(await page.textContent("main")).not.toMatch(/Karin Lindqvist|@[a-z-]+\.se\b/);
    expect(await page.inputValue("input[name=name]")).toBe("Gustav Gmail");
    expect(await page.inputValue("input[name=email]")).toBe("gustav@gmail.com");
    expect(await page.getAttribute("input[name=email]", "aria-invalid")).toBe("true");
    if (javaScript) await expectAccessible(page);
  });

  it("bad input on the sign-up form: translated messages next to the fields, input kept, in English too", async () => {
    const { page } = await browser.open({ locale: "en-GB" });
    await page.goto(appUrl("/signup"));
    await page.fill("input[name=name]", "Short Password");
    await page.fill("input[name=email]", "not-an-email");
    await page.fill("input[name=password]", "password1234");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.locator("#f-email-error").textContent()).toContain("valid email address");
    expect(await page.locator("#f-password-error").textContent()).toContain("too common");
    expect(await page.inputValue("input[name=name]")).toBe("Short Password");
    await page.fill("input[name=email]", "short@hofors.se");
    await page.fill("input[name=password]", "kort");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.locator("#f-password-error").textContent()).toContain("at least 12 characters");
    await expectAccessible(page);
  });
});

describe("passwords and sessions", () => {
  it("password reset by emailed link", async () => {
    const user = await createUser(db, { orgId: await orgId("sandviken"), email: `reset-${rand()}@sandviken.se` });
    const { page } = await browser.open();
    await page.goto(appUrl("/login"));
    await page.getByRole("link", { name: "Återställ lösenordet" }).click();
    await page.waitForURL(appUrl("/reset"));
    await expectAccessible(page);
    await page.fill("input[name=email]", user.email);
    await page.getByRole("button", { name: "Skicka länk" }).click();
    await expect.poll(() => page.locator("[role=status]").textContent()).toContain(user.email);
    await followMailLink(page, user.email, "/reset/");
    await expectAccessible(page);
    await page.fill("input[name=password]", "kort");
    await page.getByRole("button", { name: "Spara nytt lösenord" }).click();
    await expect.poll(() => page.locator("#f-password-error").textContent()).toContain("minst 12 tecken");
    await page.fill("input[name=password]", "ett nytt lösenord för sandviken");
    await Promise.all([page.waitForURL((u) => u.pathname === "/settings"), page.getByRole("button", { name: "Spara nytt lösenord" }).click()]);
    await expect.poll(() => page.locator(".who").textContent()).toBe(user.name);
    const other = await browser.open();
    await signIn(other.page, user.email, "ett nytt lösenord för sandviken");
    await expect.poll(() => other.page.locator(".who").textContent()).toBe(user.name);
  });

  it("sign out everywhere ends the sessions in every browser", async () => {
    const user = await createUser(db, { orgId: await orgId("bollnas") });
    const first = await browser.open();
    const second = await browser.open({ viewport: { width: 390, height: 844 } });
    await signIn(first.page, user.email, FACTORY_PASSWORD);
    await signIn(second.page, user.email, FACTORY_PASSWORD);
    await second.page.goto(appUrl("/settings"));
    await expectAccessible(second.page);
    expect(await second.page.locator(".session-list > li").count()).toBe(2);
    await Promise.all([second.page.waitForURL((u) => u.pathname === "/login"), second.page.getByRole("button", { name: "Logga ut överallt" }).click()]);
    await first.page.goto(appUrl("/settings"));
    expect(new URL(first.page.url()).pathname).toBe("/login");
    await expect.poll(() => first.page.getByRole("link", { name: "Logga in", exact: true }).count()).toBe(1);
    expect(await db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).toHaveLength(0);
  });

  it("settings keep the input and show messages next to the fields", async () => {
    const user = await createUser(db, { orgId: await orgId("ljusdal") });
    const { page } = await browser.open();
    await signIn(page, user.email, FACTORY_PASSWORD);
    await page.goto(appUrl("/settings"));
    await page.fill("input[name=name]", "");
    await page.fill("input[name=title]", "AI-ambassadör, bibliotek");
    await page.getByRole("button", { name: "Spara profilen" }).click();
    await expect.poll(() => page.locator("#f-name-error").textContent()).toBe("Fyll i fältet.");
    expect(await page.inputValue("input[name=title]")).toBe("AI-ambassadör, bibliotek");
    await page.fill("input[name=name]", "Ljusdals Ambassadör");
    await page.getByRole("button", { name: "Spara profilen" }).click();
    await expect.poll(() => page.locator(".who").textContent()).toBe("Ljusdals Ambassadör");
    await page.fill("input[name=currentPassword]", "fel lösenord helt");
    await page.fill("input[name=newPassword]", "ett nytt och långt lösenord");
    await page.getByRole("button", { name: "Byt lösenord" }).click();
    await expect.poll(() => page.locator("#f-currentPassword-error").textContent()).toBe("Fel lösenord.");
    await expectAccessible(page);
  });
});

describe("organisations", () => {
  it("lists organisations and shows a profile with its members beside the sign-in hint", async () => {
    const { page } = await browser.open({ viewport: { width: 390, height: 844 } });
    await page.goto(appUrl("/orgs"));
    expect(await page.locator("h1").textContent()).toBe("Organisationer");
    await expectAccessible(page);
    await page.getByRole("link", { name: "Sandvikens kommun" }).click();
    await page.waitForURL(appUrl("/orgs/sandviken"));
    expect(await page.locator("#org-members-heading + p").textContent()).toContain("Logga in för att se");
    await expectAccessible(page);
    await signIn(page, "fatima.said@sandviken.se");
    await page.goto(appUrl("/orgs/sandviken"));
    expect(await page.locator(".member-list").textContent()).toContain("Anna Wikström");
    await page.locator(".member-list").getByRole("link", { name: "Anna Wikström" }).click();
    await page.waitForURL(appUrl("/u/anna.wikstrom"));
    expect(await page.locator("h1").textContent()).toContain("Sandvikens kommun");
    await expectAccessible(page);
  });

  it("network admin pages are accessible and refuse others with 404", async () => {
    const { page } = await browser.open();
    await signIn(page, "karin.lindqvist@regiongavleborg.se");
    for (const path of ["/admin", "/admin/people", "/admin/orgs/rise"]) {
      const r = await page.goto(appUrl(path));
      expect(r?.status(), path).toBe(200);
      await expectAccessible(page);
    }
    await page.goto(appUrl("/admin"));
    await page.fill("input[name=name]", "Ny organisation");
    await page.fill("input[name=slug]", "Ogiltigt Kortnamn");
    await page.fill("textarea[name=domains]", "inte en domän");
    await page.getByRole("button", { name: "Skapa organisationen" }).click();
    await expect.poll(() => page.locator("#f-slug-error").textContent()).toContain("små bokstäver");
    expect(await page.locator("#f-domains-error").textContent()).toContain("giltiga domäner");
    expect(await page.inputValue("input[name=name]")).toBe("Ny organisation");
    const member = await browser.open();
    await signIn(member.page, "peter.nystrom@gavle.se");
    for (const path of ["/admin", "/admin/people", "/orgs/gavle/admin"]) {
      expect((await member.page.goto(appUrl(path)))?.status(), path).toBe(404);
    }
  });

  it("an organisation admin changes a role and removes a member without JavaScript; the removed person is signed out", async () => {
    const person = await createUser(db, { orgId: await orgId("gavle"), name: `Tillfällig ${rand()}` });
    const victim = await browser.open();
    await signIn(victim.page, person.email, FACTORY_PASSWORD);
    const { page } = await browser.open({ javaScript: false });
    await signIn(page, "eva.sjoberg@gavle.se");
    await page.goto(appUrl("/orgs/gavle/admin"));
    const row = page.locator("tr", { hasText: person.name });
    await row.locator("select[name=role]").selectOption("moderator");
    await row.getByRole("button", { name: "Byt roll" }).click();
    await expect.poll(() => page.locator("[role=status]").textContent()).toBe("Rollen är ändrad.");
    expect(await membershipsOf(person.email)).toEqual([{ slug: "gavle", role: "moderator" }]);
    // Removing goes through its confirm page (no JavaScript here), which names the person.
    await page.locator("tr", { hasText: person.name }).getByRole("link", { name: `Ta bort ${person.name} ur organisationen` }).click();
    expect(await page.locator("h1").textContent()).toBe("Ta bort medlemmen ur organisationen?");
    expect(await page.locator(".confirm-name").textContent()).toContain(person.name);
    await page.getByRole("button", { name: "Ja, ta bort medlemmen" }).click();
    await expect.poll(() => page.locator("[role=status]").textContent()).toBe("Medlemmen är borttagen.");
    expect(await membershipsOf(person.email)).toEqual([]);
    await victim.page.reload();
    await expect.poll(() => victim.page.getByRole("link", { name: "Logga in" }).count()).toBe(1);
    const audit = await db.selectFrom("audit_log").select("action").where("target_id", "=", `${await orgId("gavle")}:${person.id}`).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(["membership.removed", "membership.role_changed"]);
  });

  it("the network admin deactivates a person, who is signed out at once", async () => {
    const person = await createUser(db, { orgId: await orgId("ockelbo"), name: `Avstängd ${rand()}` });
    const victim = await browser.open();
    await signIn(victim.page, person.email, FACTORY_PASSWORD);
    const { page } = await browser.open();
    await signIn(page, "karin.lindqvist@regiongavleborg.se");
    await page.goto(appUrl(`/admin/people?q=${encodeURIComponent(person.name)}`));
    // With JavaScript the confirm step is a dialog.
    await page.getByRole("button", { name: `Stäng av ${person.name}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Ja, stäng av" }).click();
    await expect.poll(() => page.locator("tr", { hasText: person.name }).textContent()).toContain("Avstängd");
    await expectAccessible(page);
    await victim.page.goto(appUrl("/settings"));
    expect(new URL(victim.page.url()).pathname).toBe("/login");
    await victim.page.fill("input[name=email]", person.email);
    await victim.page.fill("input[name=password]", FACTORY_PASSWORD);
    await victim.page.click("form.stack button[type=submit]");
    await expect.poll(() => victim.page.locator(".error-summary").textContent()).toContain("Fel e-postadress eller lösenord");
  });
});
