import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { appDatabase } from "../support/db";
import { appUrl, expectAccessible, signIn, useBrowser } from "../support/browser";

// The case-study journey in a real browser against the demo seed: draft, failed publish with a
// message per field, publish, facet filtering, another organisation's adoption, promotion of a
// solved question, and exports of exactly the readable cases.
const browser = useBrowser();
const db = appDatabase();
afterAll(() => db.destroy());

const AMBASSADOR = "lina.ostman@gavle.se"; // ambassador, Gävle
const OTHER_ORG_MEMBER = "fatima.said@sandviken.se"; // member, Sandviken
const title = `Phishing-larm med AI ${randomBytes(3).toString("hex")}`;
let casePath = "";

const REQUIRED_ON_PUBLISH = [
  "summary", "area", "techniques", "status", "start_date", "review_by", "problem", "approach", "outcomes",
  "evaluated", "lessons", "personal_data", "ai_act_risk", "human_oversight",
];

describe("case studies", () => {
  it("creates a draft, fails to publish with a message next to each missing field, then publishes", async () => {
    const { page } = await browser.open();
    await signIn(page, AMBASSADOR);
    await page.goto(appUrl("/cases/new"));
    await expectAccessible(page);
    await page.fill("#f-title", title);
    await Promise.all([page.waitForURL(/\/cases\/\d+-/), page.click("button[name=intent][value=save]")]);
    await page.locator(".notice-warn").first().waitFor();
    expect(await page.locator(".notice-warn").first().textContent()).toContain("Utkast");
    casePath = new URL(page.url()).pathname;
    await expectAccessible(page);

    await page.click(`a[href="${casePath}/edit"]`);
    await page.waitForURL(/\/edit$/);
    await page.click("button[name=intent][value=publish]");
    await page.locator(".error-summary").waitFor();
    for (const f of REQUIRED_ON_PUBLISH) {
      const msg = page.locator(`#f-${f}-error`);
      expect(await msg.textContent(), f).toBeTruthy();
    }
    expect(await page.locator("#f-review_by-error").textContent()).toContain("ses över");
    expect(await page.inputValue("#f-title")).toBe(title); // input kept
    await expectAccessible(page);

    // Wrong date order and a review date in the past are refused with their own messages.
    await page.fill("#f-start_date", "2026-05-01");
    await page.fill("#f-review_by", "2026-01-01");
    await page.click("button[name=intent][value=publish]");
    await expect.poll(() => page.locator("#f-review_by-error").textContent()).toContain("efter startdatumet");

    await page.fill("#f-summary", "Misstänkta nätfiskemejl sorteras ut av en klassificeringsmodell innan de når medarbetarna.");
    await page.selectOption("#f-area", "security");
    await page.check("input[name=techniques][value=classification]");
    await page.check("input[name=techniques][value=speech]");
    await page.selectOption("#f-status", "pilot");
    await page.fill("#f-start_date", "2026-02-01");
    await page.fill("#f-review_by", "2099-06-30");
    await page.fill("#f-problem", "Medarbetare klickar på nätfiskelänkar.");
    await page.fill("#f-approach", "En modell klassar inkommande e-post och lägger misstänkta meddelanden i karantän.");
    await page.fill("#f-outcomes", "Färre klick på skadliga länkar.");
    await page.fill("input[name=figure_label] >> nth=0", "Stoppade mejl");
    await page.fill("input[name=figure_value] >> nth=0", "1 250");
    await page.fill("input[name=figure_unit] >> nth=0", "per månad");
    await page.check("input[name=evaluated][value=formal]");
    await page.fill("#f-evaluation_method", "Jämförelse med IT-säkerhetsenhetens incidentlogg.");
    await page.fill("#f-lessons", "Falsklarm måste gå att släppa snabbt.");
    await page.check("input[name=personal_data][value=yes]");
    await page.check("input[name=dpia_done][value=yes]");
    await page.selectOption("#f-ai_act_risk", "minimal");
    await page.fill("#f-human_oversight", "IT-säkerhet granskar karantänen dagligen.");
    await page.check("input[name=visibility][value=network]");
    await Promise.all([page.waitForURL(/published=1/), page.click("button[name=intent][value=publish]")]);
    await expect.poll(() => page.locator("h1").textContent(), { timeout: 10_000 }).toBe(title);
    expect(await page.locator(".key-facts").textContent()).toContain("Informationssäkerhet");
    expect(await page.locator("table.figures").textContent()).toMatch(/1[\s\u00a0\u202f]250/);
    await expectAccessible(page);
  });

  it("filters the list to the new case by facets (a plain GET form)", async () => {
    const { page } = await browser.open();
    await signIn(page, AMBASSADOR);
    await page.goto(appUrl("/cases"));
    await expectAccessible(page);
    await page.check("input[name=area][value=security]");
    await page.check("input[name=technique][value=speech]");
    await Promise.all([page.waitForURL(/area=security/), page.click(".facets button[type=submit]")]);
    await page.locator(".case-list h3", { hasText: title }).waitFor();
    const titles = await page.locator(".case-list h3").allTextContents();
    expect(titles).toContain(title);
    expect(titles.every((t) => t.length > 0)).toBe(true);
    const label = await page.locator("input[name=area][value=security] + span").textContent();
    expect(label).toMatch(/Informationssäkerhet \(\d+\)/);
    await expectAccessible(page);
  });

  it("lets a member of another organisation record an adoption", async () => {
    const { page } = await browser.open();
    await signIn(page, OTHER_ORG_MEMBER);
    await page.goto(appUrl(casePath));
    await page.selectOption("#f-status", "adopted");
    await page.fill("#f-note", "Vi har infört samma filter.");
    await Promise.all([page.waitForURL(/adopted=1/), page.click(".adopt-form button[type=submit]")]);
    await page.locator(".adoptions .list", { hasText: "Sandvikens kommun" }).waitFor();
    const list = await page.locator(".adoptions .list").textContent();
    expect(list).toContain("Sandvikens kommun");
    expect(list).toContain("Vi har infört samma filter.");
    await expectAccessible(page);
  });

  it("promotes a solved question to a linked case draft", async () => {
    const q = await db
      .selectFrom("threads as t")
      .innerJoin("posts as p", "p.id", "t.accepted_post_id")
      .select(["t.id", "t.title", "p.body_md"])
      .where("t.kind", "=", "question")
      .where("t.visibility", "in", ["network", "public"])
      .where("t.deleted_at", "is", null)
      .where("t.hidden_at", "is", null)
      .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM cases c WHERE c.source_thread_id = t.id)`)
      .orderBy("t.id")
      .executeTakeFirstOrThrow();
    const { page } = await browser.open();
    await signIn(page, AMBASSADOR);
    await page.goto(appUrl(`/cases/promote/${q.id}`));
    await expectAccessible(page);
    await Promise.all([page.waitForURL(/\/cases\/\d+-.*\/edit$/), page.click("form.actions button[type=submit]")]);
    await page.locator("#f-title").waitFor();
    expect(await page.inputValue("#f-title")).toBe(q.title.slice(0, 160));
    expect((await page.inputValue("#f-approach")).slice(0, 40)).toBe(q.body_md.trim().slice(0, 40));
    const row = await db.selectFrom("cases").select(["source_thread_id", "state"]).where("source_thread_id", "=", q.id).executeTakeFirstOrThrow();
    expect(row.state).toBe("draft");
    await expectAccessible(page);
  });

  it("exports exactly the cases each reader may read, as CSV with a BOM and as JSON", async () => {
    const readable = async (orgIds: string[] | null) => {
      const rows = await db.selectFrom("cases").select(["id", "visibility", "org_id", "shared_org_ids"])
        .where("state", "=", "published").where("deleted_at", "is", null).where("hidden_at", "is", null).execute();
      return rows.filter((r) => r.visibility === "public" || (orgIds !== null && (r.visibility === "network" || orgIds.includes(r.org_id) || r.shared_org_ids.some((o) => orgIds.includes(String(o))))))
        .map((r) => r.id).sort((a, b) => Number(a) - Number(b));
    };
    // Signed out: CSV of public cases only.
    const anon = await browser.open();
    const csvRes = await anon.page.request.get(appUrl("/cases.csv"));
    expect(csvRes.headers()["content-type"]).toContain("text/csv");
    const csv = (await csvRes.body()).toString("utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1, csv.indexOf("\r\n"))).toMatch(/^id,url,title,summary,organisation,organisation_id,/);
    const csvIds = [...csv.matchAll(/\r\n"?(\d+)"?,"?http/g)].map((m) => m[1]);
    expect(csvIds).toEqual(await readable(null));
    expect(csv).toContain("AI-receptionist i växeln");

    // A member of Sandviken: JSON of public, network and Sandviken-shared cases.
    const member = await browser.open();
    await signIn(member.page, OTHER_ORG_MEMBER);
    const sandviken = await db.selectFrom("organisations").select("id").where("slug", "=", "sandviken").executeTakeFirstOrThrow();
    const json = (await (await member.page.request.get(appUrl("/cases.json"))).json()) as { cases: { id: string; title: string }[] };
    expect(json.cases.map((c) => c.id)).toEqual(await readable([sandviken.id]));
    expect(json.cases.map((c) => c.title)).toContain(title);
    expect(json.cases.map((c) => c.title)).not.toContain("Prediktion av fallrisk i hemtjänsten"); // Ovanåker only
  });
});
