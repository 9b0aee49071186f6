import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { appDatabase } from "../support/db";
import { appUrl, signIn, useBrowser } from "../support/browser";

// Issue 16: axe (WCAG 2.1 A and AA) on every page each demo role can reach, in Swedish on a
// desktop and in English on a phone, including a form's error state. Every violation of the
// whole walk is listed in one failure, page by page, so one run shows all that is left.
const browser = useBrowser();
const PHONE = { width: 390, height: 844 };
let db: DB;
const found: Record<string, string> = {};

beforeAll(async () => {
  db = appDatabase();
  const thread = await db.selectFrom("threads").select("id").where("visibility", "=", "public").where("hidden_at", "is", null).where("deleted_at", "is", null)
    .where("accepted_post_id", "is not", null).orderBy("id").executeTakeFirstOrThrow();
  const kase = await db.selectFrom("cases").select(["id", "slug"]).where("visibility", "=", "public").where("state", "=", "published")
    .where("hidden_at", "is", null).where("deleted_at", "is", null).orderBy("id").executeTakeFirstOrThrow();
  const tag = await db.selectFrom("tags").select("slug").orderBy("id").executeTakeFirstOrThrow();
  const person = await db.selectFrom("users").select("handle").where("email", "=", "lina.ostman@gavle.se").executeTakeFirstOrThrow();
  Object.assign(found, { thread: `/t/${thread.id}`, case: `/cases/${kase.id}-${kase.slug}`, tag: `/tags/${tag.slug}`, person: `/u/${person.handle}` });
});
afterAll(() => db?.destroy());

const PUBLIC = ["/", "/threads", "/threads?kind=question", "/cases", "/search", "/search?q=upphandling", "/tags", "/orgs", "/orgs/gavle",
  "/best-practice", "/tillganglighet", "/integritet", "/login", "/signup", "/reset", "/api/v1/docs"];
const MEMBER = ["/threads/new", "/notifications", "/settings", "/settings/notifications", "/settings/feeds", "/settings/tokens", "/settings/data", "/search/saved"];
const AMBASSADOR = ["/cases/new"];
const MODERATOR = ["/mod/queue", "/mod/log", "/mod/health", "/mod/notices"];
const ADMIN = ["/insights", "/admin", "/admin/people", "/admin/synonyms", "/admin/identity-providers", "/admin/archive", "/mod/gallring", "/orgs/region-gavleborg/admin"];

const ROLES: { name: string; email: string | null; paths: () => string[] }[] = [
  { name: "guest", email: null, paths: () => [...PUBLIC, found.thread, found.case, found.tag] },
  { name: "member", email: "peter.nystrom@gavle.se", paths: () => [...MEMBER, found.thread, found.case, found.person] },
  { name: "ambassador", email: "lina.ostman@gavle.se", paths: () => AMBASSADOR },
  { name: "moderator", email: "marcus.ahlund@gavle.se", paths: () => [...MODERATOR, found.thread, found.case] },
  { name: "network admin", email: "karin.lindqvist@regiongavleborg.se", paths: () => ADMIN },
];

async function scan(page: Page, label: string, problems: string[]) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  for (const v of result.violations) problems.push(`${label}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

async function walk(role: (typeof ROLES)[number], locale: "sv" | "en", viewport?: { width: number; height: number }) {
  const problems: string[] = [];
  const s = await browser.open({ locale: locale === "en" ? "en-GB" : "sv-SE", viewport });
  await s.context.addCookies([{ name: "allm_lang", value: locale, url: appUrl("/") }]);
  if (role.email) await signIn(s.page, role.email);
  for (const p of role.paths()) {
    const r = await s.page.goto(appUrl(p));
    expect(r?.status(), `${role.name} ${p}`).toBeLessThan(400);
    expect(await s.page.locator("html").getAttribute("lang"), `${role.name} ${p}`).toBe(locale);
    await scan(s.page, `${role.name} ${locale} ${p}`, problems);
  }
  await s.context.close();
  return problems;
}

describe("axe on every page", () => {
  for (const role of ROLES) {
    it(`finds no violation on the pages of a ${role.name}, in Swedish on a desktop and in English on a phone`, { timeout: 240_000 }, async () => {
      expect([...(await walk(role, "sv")), ...(await walk(role, "en", PHONE))]).toEqual([]);
    });
  }

  it("finds no violation in a form's error state (the ask form sent empty), in both languages", { timeout: 240_000 }, async () => {
    const problems: string[] = [];
    for (const locale of ["sv", "en"] as const) {
      const s = await browser.open({ locale: locale === "en" ? "en-GB" : "sv-SE", viewport: locale === "en" ? PHONE : undefined });
      await s.context.addCookies([{ name: "allm_lang", value: locale, url: appUrl("/") }]);
      await signIn(s.page, "peter.nystrom@gavle.se");
      await s.page.goto(appUrl("/threads/new"));
      await s.page.locator("main form[method=post] button[type=submit]").last().click();
      await s.page.locator("[role=alert], .error-summary, .field-error").first().waitFor({ timeout: 15_000 });
      await scan(s.page, `member ${locale} /threads/new (errors)`, problems);
      await s.context.close();
    }
    expect(problems).toEqual([]);
  });
});
